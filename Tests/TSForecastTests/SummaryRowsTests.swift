import Testing
@testable import TSForecast
import TSNN
import TSTensor

/// `summary` rows come from walking the network's module tree; for every model kind they
/// are the rows the per-kind table used to spell out (labels, shapes, parameter counts).
@Suite struct SummaryRowsTests {
    typealias Row = ModelSummary.Row

    @Test func recurrentKinds() {
        // LSTM, F = 3, H = 8, L = 2, O = 2: layer 0 4·8·3 + 4·8·8 + 2·32 = 416, layer 1 4·8·8·2 + 64 = 576.
        let lstm = ForecastNetwork(spec: NetworkSpec(kind: .lstm, inputSize: 3, hiddenSize: 8, numLayers: 2, outputSize: 2, loss: .gaussian), seed: 1)
        #expect(lstm.summaryRows() == [
            Row(layer: "LSTM-1 (2 layers)", outputShape: "[T, -1, 8]", parameters: 992),
            Row(layer: "Linear-2 (head)", outputShape: "[T, -1, 2]", parameters: 18),
            Row(layer: "GaussianNoise (log σ²)", outputShape: "[2]", parameters: 2),
        ])
        // GRU, F = 1, H = 4: 3·4·1 + 3·4·4 + 2·12 = 84.
        let gru = ForecastNetwork(spec: NetworkSpec(kind: .gru, inputSize: 1, hiddenSize: 4), seed: 1)
        #expect(gru.summaryRows() == [
            Row(layer: "GRU-1 (1 layer)", outputShape: "[T, -1, 4]", parameters: 84),
            Row(layer: "Linear-2 (head)", outputShape: "[T, -1, 1]", parameters: 5),
        ])
        // RNN, F = 2, H = 3: 3·2 + 3·3 + 2·3 = 21.
        let rnn = ForecastNetwork(spec: NetworkSpec(kind: .rnn, inputSize: 2, hiddenSize: 3), seed: 1)
        #expect(rnn.summaryRows() == [
            Row(layer: "RNN-1 (1 layer)", outputShape: "[T, -1, 3]", parameters: 21),
            Row(layer: "Linear-2 (head)", outputShape: "[T, -1, 1]", parameters: 4),
        ])
    }

    @Test(arguments: [ModelKind.narx, .mlp])
    func feedForwardKinds(kind: ModelKind) {
        // F = 6, H = 5, two hidden layers, O = 3: 6·5 + 5, 5·5 + 5, 5·3 + 3.
        let network = ForecastNetwork(spec: NetworkSpec(kind: kind, inputSize: 6, hiddenSize: 5, numLayers: 2, outputSize: 3, loss: .gaussian), seed: 1)
        #expect(network.summaryRows() == [
            Row(layer: "Linear-1", outputShape: "[-1, 5]", parameters: 35),
            Row(layer: "Tanh-2", outputShape: "[-1, 5]", parameters: 0),
            Row(layer: "Linear-3", outputShape: "[-1, 5]", parameters: 30),
            Row(layer: "Tanh-4", outputShape: "[-1, 5]", parameters: 0),
            Row(layer: "Linear-5", outputShape: "[-1, 3]", parameters: 18),
            Row(layer: "GaussianNoise (log σ²)", outputShape: "[3]", parameters: 3),
        ])
        #expect(network.summaryRows().reduce(0) { $0 + $1.parameters } == network.store.count)
    }

    /// cnn, S = 2 series of L = 3 lags, C = 4 channels, k = 2 taps, two blocks, O = 2:
    /// block 0 convolutions 4·(2·2 + 1) and 4·(4·2 + 1), its 1×1 shortcut 4·(2 + 1);
    /// block 1 two 4·(4·2 + 1); head 2·(4 + 1).
    @Test func convolutionalKind() {
        var spec = NetworkSpec(kind: .cnn, inputSize: 6, hiddenSize: 4, numLayers: 2, outputSize: 2, loss: .gaussian)
        spec.series = 2
        spec.kernelSize = 2
        let network = ForecastNetwork(spec: spec, seed: 1)
        #expect(network.summaryRows() == [
            Row(layer: "LagWindow-1 (2 series)", outputShape: "[-1, 2, 3]", parameters: 0),
            Row(layer: "Conv1d-2", outputShape: "[-1, 4, 3]", parameters: 20),
            Row(layer: "ReLU-3", outputShape: "[-1, 4, 3]", parameters: 0),
            Row(layer: "Conv1d-4", outputShape: "[-1, 4, 3]", parameters: 36),
            Row(layer: "ReLU-5", outputShape: "[-1, 4, 3]", parameters: 0),
            Row(layer: "Conv1d-6", outputShape: "[-1, 4, 3]", parameters: 12),
            Row(layer: "ResidualBlock-7 (shortcut + main, ReLU)", outputShape: "[-1, 4, 3]", parameters: 0),
            Row(layer: "Conv1d-8", outputShape: "[-1, 4, 3]", parameters: 36),
            Row(layer: "ReLU-9", outputShape: "[-1, 4, 3]", parameters: 0),
            Row(layer: "Conv1d-10", outputShape: "[-1, 4, 3]", parameters: 36),
            Row(layer: "ReLU-11", outputShape: "[-1, 4, 3]", parameters: 0),
            Row(layer: "ResidualBlock-12 (x + main, ReLU)", outputShape: "[-1, 4, 3]", parameters: 0),
            Row(layer: "LastStep-13 (last)", outputShape: "[-1, 4]", parameters: 0),
            Row(layer: "Linear-14 (head)", outputShape: "[-1, 2]", parameters: 10),
            Row(layer: "GaussianNoise (log σ²)", outputShape: "[2]", parameters: 2),
        ])
        #expect(network.summaryRows().reduce(0) { $0 + $1.parameters } == network.store.count)
    }

    /// The tree's parameters are the store's, in registration order, for every kind: the
    /// names a model file holds are the names the tree walks.
    @Test(arguments: ModelKind.allCases)
    func treeCoversTheStore(kind: ModelKind) {
        let network = ForecastNetwork(spec: NetworkSpec(kind: kind, inputSize: 2, hiddenSize: 3, numLayers: 2, loss: .gaussian), seed: 1)
        #expect(network.parameters() == network.store.entries)
    }
}
