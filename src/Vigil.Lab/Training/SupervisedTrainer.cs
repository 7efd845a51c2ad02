using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Vigil.Core.Engine;
using Vigil.Core.Supervised;

namespace Vigil.Lab.Training;

/// <summary>
/// Trains the supervised family with ML.NET FastTree (gradient-boosted trees in managed code: no native LightGBM to
/// load, the most reported ML.NET failure on Linux containers) and exports the ensemble to Vigil's own format, which
/// Vigil.Core evaluates without ML.NET. Deterministic: a fixed seed and one thread give the same model on any host.
/// </summary>
public static class SupervisedTrainer
{
    /// <summary>Trains on <paramref name="set"/> and returns the exported model named <paramref name="name"/>.</summary>
    public static SupervisedModel Train(TrainingSet set, string name, TrainerSettings? settings = null)
    {
        var (model, _) = TrainWithMlNet(set, settings ?? new TrainerSettings());
        return Export(model, name);
    }

    /// <summary>Trains and returns ML.NET's own model too (tests compare Vigil's inference with ML.NET's).</summary>
    internal static (CalibratedModelParametersBase<FastTreeBinaryModelParameters, PlattCalibrator> Model, Func<float[], float> Predict) TrainWithMlNet(TrainingSet set, TrainerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (!set.Examples.Any(e => e.Label) || set.Examples.All(e => e.Label))
        {
            throw new InvalidOperationException("Training needs both attack and legitimate events; the stream has " +
                $"{set.Examples.Count(e => e.Label)} attack and {set.Examples.Count(e => !e.Label)} legitimate rows.");
        }

        var ml = new MLContext(seed: settings.Seed);
        var schema = SchemaDefinition.Create(typeof(TrainingExample));
        schema[nameof(TrainingExample.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, VigilEngine.SupervisedFeatureCount);
        var data = ml.Data.LoadFromEnumerable(set.Examples, schema);
        var trainer = ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            LabelColumnName = nameof(TrainingExample.Label),
            FeatureColumnName = nameof(TrainingExample.Features),
            ExampleWeightColumnName = nameof(TrainingExample.Weight),
            NumberOfTrees = settings.Trees,
            NumberOfLeaves = settings.Leaves,
            MinimumExampleCountPerLeaf = settings.MinimumExamplesPerLeaf,
            LearningRate = settings.LearningRate,
            NumberOfThreads = 1,
            Seed = settings.Seed,
            FeatureSelectionSeed = settings.Seed,
            DiskTranspose = false,
        });
        var transformer = trainer.Fit(data);
        var engine = ml.Model.CreatePredictionEngine<TrainingExample, Prediction>(transformer, inputSchemaDefinition: schema);
        return (transformer.Model, features => engine.Predict(new TrainingExample { Features = features }).Probability);
    }

    /// <summary>Flattens ML.NET's trees into Vigil's arrays: nodes numbered across trees, children after parents, tree weights folded into the leaves.</summary>
    internal static SupervisedModel Export(CalibratedModelParametersBase<FastTreeBinaryModelParameters, PlattCalibrator> model, string name)
    {
        var ensemble = model.SubModel.TrainedTreeEnsemble;
        var roots = new List<int>();
        var feature = new List<int>();
        var threshold = new List<float>();
        var left = new List<int>();
        var right = new List<int>();
        var leaves = new List<float>();
        for (int t = 0; t < ensemble.Trees.Count; t++)
        {
            var tree = ensemble.Trees[t];
            double weight = ensemble.TreeWeights[t];
            int nodeBase = feature.Count;
            int leafBase = leaves.Count;
            if (tree.CategoricalSplitFlags.Any(f => f))
            {
                throw new InvalidOperationException("The trained ensemble uses a categorical split, which Vigil's inference does not evaluate.");
            }

            roots.Add(tree.NumberOfNodes == 0 ? ~leafBase : nodeBase);
            for (int n = 0; n < tree.NumberOfNodes; n++)
            {
                feature.Add(tree.NumericalSplitFeatureIndexes[n]);
                threshold.Add(tree.NumericalSplitThresholds[n]);
                left.Add(Globalise(tree.LeftChild[n], nodeBase, leafBase));
                right.Add(Globalise(tree.RightChild[n], nodeBase, leafBase));
            }

            foreach (double leaf in tree.LeafValues)
            {
                leaves.Add((float)(leaf * weight));
            }
        }

        return new SupervisedModel(name, VigilEngine.SupervisedSchemaVersion, VigilEngine.SupervisedFeatureCount, ensemble.Bias,
            model.Calibrator.Slope, model.Calibrator.Offset, [.. roots], [.. feature], [.. threshold], [.. left], [.. right], [.. leaves]);
    }

    private static int Globalise(int child, int nodeBase, int leafBase) => child >= 0 ? child + nodeBase : ~(~child + leafBase);

    private sealed class Prediction
    {
        public float Probability { get; set; }
    }
}
