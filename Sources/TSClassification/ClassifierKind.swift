/// The network architectures a `Classifier` can have (see `ClassifierNetwork`).
public enum ClassifierKind: String, Codable, CaseIterable, Sendable {
    /// A multi-layer perceptron on the flat series (Wang et al. 2017: 500-500-500, dropout).
    case mlp
    /// A LeNet-style 2-D CNN on square images (two convolution + max-pool stages, three
    /// fully connected layers).
    case lenet
    /// The fully convolutional network of Wang et al. 2017 (128-256-128 filters, kernels
    /// 8-5-3, batch norm, ReLU, global average pooling).
    case fcn
    /// The residual network of Wang et al. 2017 / Fawaz et al. 2019 (three residual blocks
    /// of 64, 128, 128 filters, kernels 8-5-3, global average pooling).
    case resnet
}
