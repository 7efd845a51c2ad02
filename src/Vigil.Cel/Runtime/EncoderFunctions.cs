namespace Vigil.Cel.Runtime;

/// <summary>The encoders extension: base64.encode(bytes) and base64.decode(string) (padding optional on decode).</summary>
internal static class EncoderFunctions
{
    public static CelValue Encode(CelValue v) =>
        v.Kind != CelKind.Bytes ? Errors.NoSuchOverload
        : EvaluationBudget.TryAllocate(((v.AsBytes!.Length + 2L) / 3) * 4, out var full) ? CelValue.String(Convert.ToBase64String(v.AsBytes!)) : full;

    public static CelValue Decode(CelValue v)
    {
        if (v.Kind != CelKind.String)
        {
            return Errors.NoSuchOverload;
        }

        string s = v.AsString!;
        if (!EvaluationBudget.TryAllocate(s.Length, out var full))
        {
            return full;
        }

        if (s.Length % 4 != 0)
        {
            s = s.PadRight(s.Length + (4 - (s.Length % 4)), '=');
        }

        var buffer = new byte[(s.Length / 4) * 3];
        return Convert.TryFromBase64String(s, buffer, out int written)
            ? CelValue.Bytes(buffer.AsSpan(0, written).ToArray())
            : CelValue.Error("base64.decode: invalid base64 input");
    }
}
