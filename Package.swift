// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "tsforecast",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "TSForecast", targets: ["TSForecast"]),
        .library(name: "TSData", targets: ["TSData"]),
        .library(name: "TSRecurrent", targets: ["TSRecurrent"]),
        .library(name: "TSNN", targets: ["TSNN"]),
        .library(name: "TSTraining", targets: ["TSTraining"]),
        .library(name: "TSSafetensors", targets: ["TSSafetensors"]),
        .library(name: "TSClassification", targets: ["TSClassification"]),
        .library(name: "TSTensor", targets: ["TSTensor"]),
        .library(name: "TSGenerative", targets: ["TSGenerative"]),
        .executable(name: "tsforecast", targets: ["tsforecast"]),
        .executable(name: "tsforecast-bench", targets: ["tsforecast-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"]), .brew(["openblas"])]),
        .systemLibrary(
            name: "CCSV",
            providers: [.apt(["libcsv-dev"]), .brew(["libcsv"])]),
        .target(name: "CGateKernels"),
        .target(name: "TSTensor", dependencies: ["CBLAS", "CGateKernels", "TSSupport"]),
        .target(name: "TSNN", dependencies: ["CGateKernels", "TSSupport", "TSTensor"]),
        .target(name: "TSSupport"),
        .target(name: "TSTraining", dependencies: ["TSNN", "TSSafetensors", "TSSupport", "TSTensor"]),
        .target(name: "TSSafetensors", dependencies: ["TSNN", "TSSupport", "TSTensor"]),
        .target(name: "TSGenerative", dependencies: ["TSNN", "TSSafetensors", "TSSupport", "TSTensor", "TSTraining"]),
        .target(name: "TSRecurrent", dependencies: ["CGateKernels", "TSNN", "TSSupport", "TSTensor"]),
        .target(name: "TSData", dependencies: ["CCSV", "TSSupport", "TSTensor"]),
        .target(name: "TSClassification", dependencies: ["TSData", "TSNN", "TSSafetensors", "TSSupport", "TSTraining", "TSTensor"]),
        .target(
            name: "TSForecast",
            dependencies: ["TSData", "TSRecurrent", "TSSafetensors", "TSSupport", "TSTraining", "TSNN", "TSTensor"]),
        .executableTarget(
            name: "tsforecast",
            dependencies: [
                "TSClassification", "TSData", "TSForecast", "TSGenerative", "TSSafetensors", "TSSupport", "TSTensor", "TSTraining",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .executableTarget(
            name: "tsforecast-bench",
            dependencies: ["TSForecast", "TSClassification", "TSData", "TSGenerative", "TSRecurrent", "TSSupport", "TSNN", "TSTensor", "CBLAS"]),
        .target(
            name: "TestSupport", dependencies: ["TSNN", "TSTensor"],
            path: "Tests/TestSupport"),
        .testTarget(name: "TSTensorTests", dependencies: ["TSTensor", "TestSupport"]),
        .testTarget(
            name: "TSNNTests", dependencies: ["TSNN", "TSTensor", "TestSupport"],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "TSGenerativeTests",
            dependencies: ["TSGenerative", "TSNN", "TSSafetensors", "TSTensor", "TSTraining", "TestSupport"],
            resources: [.copy("Fixtures")]),
        .testTarget(name: "TSTrainingTests", dependencies: ["TSTraining", "TSNN", "TSTensor", "TestSupport"]),
        .testTarget(
            name: "TSRecurrentTests",
            dependencies: ["TSRecurrent", "TSNN", "TSTensor", "TestSupport"],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "TSDataTests",
            dependencies: [
                "TSData", "TSTensor", "TestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]),
        .testTarget(
            name: "TSForecastTests",
            dependencies: [
                "TSForecast", "TSData", "TSRecurrent", "TSSafetensors", "TSSupport", "TSTraining", "TSNN", "TSTensor", "TestSupport",
            ],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "TSClassificationTests",
            dependencies: ["TSClassification", "TSData", "TSNN", "TSTraining", "TSTensor", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["tsforecast", "TSForecast", "TSData", "TSSafetensors", "TSTensor"]),
    ]
)
