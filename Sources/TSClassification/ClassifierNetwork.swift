import TSNN
import TSTensor

/// The classification networks, each a `Sequential` mapping `[B] + sampleShape` to logits
/// `[B, classes]`, built under a scope so the parameters carry the `state_dict` names of
/// the same PyTorch `nn.Sequential` (`0.weight`, `1.running_mean`, …).
///
/// | kind | layers |
/// |---|---|
/// | `mlp` | Dropout 0.1, (Linear 500, ReLU, Dropout 0.2/0.2/0.3) × 3, Linear (Wang et al. 2017) |
/// | `lenet` | (Conv2d k same, ReLU, MaxPool2d 2) with 6 then 16 filters, Flatten, Linear 120, ReLU, Linear 84, ReLU, Linear; `k = 5` for images of side ≥ 16, else 3 |
/// | `fcn` | (Conv1d same, BatchNorm1d, ReLU) with 128/256/128 filters and kernels 8/5/3, GlobalAveragePool, Linear (Wang et al. 2017) |
/// | `resnet` | ResidualBlock 64, 128, 128 (kernels 8/5/3 each), GlobalAveragePool, Linear (Wang et al. 2017; Fawaz et al. 2019) |
///
/// Convolutions followed by batch norm have no bias (the normalisation removes it).
/// LeNet's side must be a multiple of 4 (two 2×2 poolings).
public enum ClassifierNetwork {
    /// The network of `spec` with freshly initialised parameters (PyTorch's defaults) drawn
    /// from `rng`; dropout masks are drawn from generators seeded from `rng` too.
    public static func build(_ spec: ClassifierSpec, scope: ParameterScope, rng: inout RandomGenerator) -> Sequential {
        let classes = spec.classes.count
        precondition(classes >= 2, "ClassifierNetwork: needs at least two classes, got \(spec.classes)")
        let layers: [any Layer]
        switch spec.kind {
        case .mlp: layers = mlp(inputs: spec.length, classes: classes, scope: scope, rng: &rng)
        case .lenet:
            guard let side = spec.imageSide, side % 4 == 0 else {
                preconditionFailure("ClassifierNetwork: lenet needs square images with a side divisible by 4, got \(spec.length) values")
            }
            layers = lenet(side: side, classes: classes, scope: scope, rng: &rng)
        case .fcn: layers = fcn(channels: 1, classes: classes, scope: scope, rng: &rng)
        case .resnet: layers = resnet(channels: 1, classes: classes, scope: scope, rng: &rng)
        }
        return Sequential(layers, inputShape: [ModuleSummary.batch] + spec.sampleShape)
    }

    static func mlp(inputs: Int, classes: Int, scope: ParameterScope, rng: inout RandomGenerator) -> [any Layer] {
        var layers: [any Layer] = []
        var width = inputs
        for p: Float in [0.1, 0.2, 0.2] {
            layers.append(Dropout(probability: p, rng: RandomGenerator(seed: rng.next())))
            layers.append(Linear(inputSize: width, outputSize: 500, scope: scope.child(layers.count), rng: &rng))
            layers.append(Activation(.relu))
            width = 500
        }
        layers.append(Dropout(probability: 0.3, rng: RandomGenerator(seed: rng.next())))
        layers.append(Linear(inputSize: width, outputSize: classes, scope: scope.child(layers.count), rng: &rng))
        return layers
    }

    static func lenet(side: Int, classes: Int, scope: ParameterScope, rng: inout RandomGenerator) -> [any Layer] {
        let k = side >= 16 ? 5 : 3
        var layers: [any Layer] = []
        for (input, output) in [(1, 6), (6, 16)] {
            let same = ConvAxis(padding: .same)
            layers.append(Convolution.conv2d(
                inChannels: input, outChannels: output, kernelSize: (k, k), height: same, width: same,
                scope: scope.child(layers.count), rng: &rng))
            layers.append(Activation(.relu))
            layers.append(Pooling.maxPool2d(kernelSize: 2))
        }
        layers.append(Flatten())
        var width = 16 * (side / 4) * (side / 4)
        for hidden in [120, 84] {
            layers.append(Linear(inputSize: width, outputSize: hidden, scope: scope.child(layers.count), rng: &rng))
            layers.append(Activation(.relu))
            width = hidden
        }
        layers.append(Linear(inputSize: width, outputSize: classes, scope: scope.child(layers.count), rng: &rng))
        return layers
    }

    static func fcn(channels: Int, classes: Int, scope: ParameterScope, rng: inout RandomGenerator) -> [any Layer] {
        var layers: [any Layer] = []
        var width = channels
        for (filters, kernel) in [(128, 8), (256, 5), (128, 3)] {
            layers.append(Convolution.conv1d(
                inChannels: width, outChannels: filters, kernelSize: kernel, padding: .same, bias: false,
                scope: scope.child(layers.count), rng: &rng))
            layers.append(BatchNorm(channels: filters, spatialAxes: 1, scope: scope.child(layers.count)))
            layers.append(Activation(.relu))
            width = filters
        }
        layers.append(GlobalAveragePool())
        layers.append(Linear(inputSize: width, outputSize: classes, scope: scope.child(layers.count), rng: &rng))
        return layers
    }

    static func resnet(channels: Int, classes: Int, scope: ParameterScope, rng: inout RandomGenerator) -> [any Layer] {
        var layers: [any Layer] = []
        var width = channels
        for filters in [64, 128, 128] {
            layers.append(ResidualBlock(
                inChannels: width, outChannels: filters, kernelSizes: [8, 5, 3], scope: scope.child(layers.count), rng: &rng))
            width = filters
        }
        layers.append(GlobalAveragePool())
        layers.append(Linear(inputSize: width, outputSize: classes, scope: scope.child(layers.count), rng: &rng))
        return layers
    }
}
