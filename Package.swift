// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Regimen",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "Regimen", targets: ["Regimen"]),
        .executable(name: "regimen", targets: ["RegimenCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.0.0"),
        // `swift package generate-documentation --target Regimen` builds the DocC catalog.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.4.0"),
    ],
    targets: [
        // Debian's libyaml through pkg-config; never a vendored copy.
        .systemLibrary(
            name: "CLibYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        // Writes Rules/ into a generated Swift file so the binary carries its rule set.
        .plugin(
            name: "EmbedRules",
            capability: .buildTool(),
            dependencies: ["RegimenEmbedTool"],
            path: "Sources/RegimenEmbedRules"
        ),
        .executableTarget(name: "RegimenEmbedTool"),
        .target(
            name: "Regimen",
            dependencies: [
                "CLibYAML",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            plugins: ["EmbedRules"]
        ),
        .executableTarget(
            name: "RegimenCLI",
            dependencies: [
                "Regimen",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // A release `regimen` carries the Swift runtime and Foundation inside it: it runs on a
            // machine without the toolchain, and starts without the dynamic loader resolving a
            // dozen Swift libraries (about a third of a cold `regimen evaluate`, Benchmarks/README.md).
            // Debug and sanitizer builds stay dynamic.
            swiftSettings: [
                .unsafeFlags(["-static-stdlib"], .when(platforms: [.linux], configuration: .release)),
            ],
            linkerSettings: [
                .unsafeFlags(["-static-stdlib"], .when(platforms: [.linux], configuration: .release)),
            ]
        ),
        // Shows how another tool embeds the engine; built (and run) in CI.
        .executableTarget(
            name: "regimen-example",
            dependencies: ["Regimen"],
            path: "Examples/Embedding"
        ),
        .testTarget(
            name: "RegimenTests",
            dependencies: ["Regimen"]
        ),
        // libFuzzer targets (Fuzz/run.sh TARGET SECONDS); plain builds link them as do-nothing executables.
        .target(name: "RegimenFuzzDriver"),
        .executableTarget(name: "RegimenFuzzYAML", dependencies: ["Regimen", "RegimenFuzzDriver"]),
        .executableTarget(name: "RegimenFuzzProfile", dependencies: ["Regimen", "RegimenFuzzDriver"]),
        .executableTarget(name: "RegimenFuzzRuleSet", dependencies: ["Regimen", "RegimenFuzzDriver"]),
        .executableTarget(name: "RegimenFuzzFormula", dependencies: ["Regimen", "RegimenFuzzDriver"]),
    ]
)
