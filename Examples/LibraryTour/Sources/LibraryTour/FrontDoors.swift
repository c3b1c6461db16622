// The README's classification and generative example, verbatim (Tests/CLITests/
// ReadmeLibraryExampleTests checks that they agree); ClassifyAndGenerate.swift calls it.
import TSClassification
import TSGenerative
import TSTraining

func classifyAndScore(rows: [[Double]], labels: [String], newRows: [[Double]], normal: [Double], observed: [Double])
    throws -> (labels: [String], accuracy: Double, scores: [Double])
{
    var config = TrainingConfig()
    (config.epochs, config.batchSize, config.learningRate) = (30, 8, 1e-2)
    let fit = try Classifier.fit(rows: rows, labels: labels, kind: .mlp, training: config)
    let predicted = try fit.classifier.classify(newRows)  // also probabilities(_:)
    let report = try fit.classifier.evaluate(rows: rows, labels: labels)
    let (ae, _) = try GenerativeSeriesModel.fit(series: normal, kind: .ae, window: 8, hidden: [16], latent: 3, training: config)
    let scores = try ae.anomalyScores(observed)  // also embed, reconstruct; sample for vae, gan
    return (predicted, report.accuracy, scores)
}
