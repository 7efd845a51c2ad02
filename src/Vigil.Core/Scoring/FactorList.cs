using System.Runtime.CompilerServices;

namespace Vigil.Core.Scoring;

/// <summary>Up to <see cref="Capacity"/> factors stored inline, so an assessment allocates nothing.</summary>
[InlineArray(Capacity)]
public struct FactorBuffer
{
    /// <summary>How many factors an assessment keeps; when full, a stronger factor replaces the weakest.</summary>
    public const int Capacity = 12;

    private RiskFactor _element;
}

/// <summary>The factors collected for one assessment.</summary>
public struct FactorList
{
    private FactorBuffer _items;
    private int _count;

    /// <summary>How many factors are held.</summary>
    public readonly int Count => _count;

    /// <summary>The factor at <paramref name="index"/>.</summary>
    public readonly RiskFactor this[int index] => index < _count ? _items[index] : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>Adds a factor; ignores one with no strength or weight.</summary>
    public void Add(in RiskFactor factor)
    {
        if (factor.Contribution <= 0f || float.IsNaN(factor.Contribution))
        {
            return;
        }

        if (_count < FactorBuffer.Capacity)
        {
            _items[_count++] = factor;
            return;
        }

        int weakest = 0;
        for (int i = 1; i < _count; i++)
        {
            if (_items[i].Contribution < _items[weakest].Contribution)
            {
                weakest = i;
            }
        }

        if (_items[weakest].Contribution < factor.Contribution)
        {
            _items[weakest] = factor;
        }
    }

    /// <summary>True when a factor with <paramref name="code"/> is held.</summary>
    public readonly bool Contains(ReasonCode code)
    {
        for (int i = 0; i < _count; i++)
        {
            if (_items[i].Code == code)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Sorts by contribution, strongest first (insertion sort: the list is tiny); ties by code, so order is stable.</summary>
    public void SortByContribution()
    {
        for (int i = 1; i < _count; i++)
        {
            var item = _items[i];
            int j = i - 1;
            while (j >= 0 && Before(item, _items[j]))
            {
                _items[j + 1] = _items[j];
                j--;
            }

            _items[j + 1] = item;
        }
    }

    private static bool Before(in RiskFactor a, in RiskFactor b) =>
        a.Contribution > b.Contribution || (a.Contribution == b.Contribution && a.Code < b.Code);
}
