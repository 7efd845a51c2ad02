namespace Vigil.Storage.Tests;

public sealed class ModelStoreTests
{
    [Fact]
    public void AddModel_NothingInForce_NewestIsShadow()
    {
        using var dir = new TempDataDir();
        using var store = VigilStore.Open(dir.Path, TimeProvider.System);

        long v1 = store.AddModel("a", [1, 2, 3], "test", null);
        long v2 = store.AddModel("b", [4, 5], "test", "retrained");

        Assert.Equal((1L, 2L), (v1, v2));
        Assert.Null(store.ModelInForce());
        Assert.Equal(2L, store.ModelInShadow());
        Assert.Equal([4, 5], store.GetModel(2));
        Assert.Null(store.GetModel(3));
    }

    [Fact]
    public void RollbackModel_AfterThreePromotions_StepsBackOneAtATime()
    {
        using var dir = new TempDataDir();
        using var store = VigilStore.Open(dir.Path, TimeProvider.System);
        for (int i = 1; i <= 3; i++)
        {
            store.AddModel("m" + i, [(byte)i], "test", null);
            store.PromoteModel(i, "test", null);
        }

        Assert.Equal(3L, store.ModelInForce());
        Assert.Equal(2L, store.RollbackModel("test", null));
        Assert.Equal(1L, store.RollbackModel("test", null));
        Assert.Null(store.RollbackModel("test", null));
        Assert.Null(store.ModelInForce());
        Assert.Throws<InvalidOperationException>(() => store.RollbackModel("test", null));
    }

    [Fact]
    public void ModelHistory_AfterPromoteAndNewModel_StatusOfEach()
    {
        using var dir = new TempDataDir();
        using (var store = VigilStore.Open(dir.Path, TimeProvider.System))
        {
            store.AddModel("first", [1], "test", null);
            store.PromoteModel(1, "test", null);
            store.AddModel("second", [2], "test", null);
            store.PromoteModel(2, "test", null);
            store.AddModel("third", [3], "test", null);
        }

        using var reopened = VigilStore.Open(dir.Path, TimeProvider.System);
        var history = reopened.ModelHistory();
        Assert.Equal(["shadow", "in force", "retired"], history.Select(m => m.Status));
        Assert.Equal(["third", "second", "first"], history.Select(m => m.Name));
    }

    [Fact]
    public void PromoteModel_UnknownVersion_NamesIt()
    {
        using var dir = new TempDataDir();
        using var store = VigilStore.Open(dir.Path, TimeProvider.System);
        var ex = Assert.Throws<ArgumentException>(() => store.PromoteModel(7, "test", null));
        Assert.Contains("version 7", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddModel_Empty_Refused()
    {
        using var dir = new TempDataDir();
        using var store = VigilStore.Open(dir.Path, TimeProvider.System);
        Assert.Throws<ArgumentException>(() => store.AddModel("empty", [], "test", null));
    }
}
