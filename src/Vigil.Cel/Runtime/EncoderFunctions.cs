namespace Vigil.Cel.Runtime;

/// <summary>The encoders extension: base64.encode(bytes) and base64.decode(string) (padding optional on decode).</summary>
internal static class EncoderFunctions
{
    public static CelValue Encode(CelValue v) => v.Kind == CelKind.Bytes ? CelValue.String(Convert.ToBase64String(v.AsBytes!)) : Errors.NoSuchOverload;

    public static CelValue Decode(CelValue v)
    {
        if (v.Kind != CelKind.String)
        {
            return Errors.NoSuchOverload;
        }

        string s = v.AsString!;
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
