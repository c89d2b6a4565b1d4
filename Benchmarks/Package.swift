// swift-tools-version: 6.1
// Regimen's performance benchmarks: a package of its own, so the root package's dependencies
// and test suite stay free of the harness. Run with `cd Benchmarks && swift package benchmark`
// (see README.md here). Targets live under Benchmarks/<Name>/ as ordo-one/benchmark expects.
import PackageDescription

let benchmarkPlugin: [Target.PluginUsage] = [.plugin(name: "BenchmarkPlugin", package: "benchmark")]

let package = Package(
    name: "RegimenBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        // The root package (Regimen library and the regimen CLI), by path.
        .package(name: "Regimen", path: ".."),
        // Naming the trait explicitly turns off the harness's default RuntimeInterposer trait,
        // whose package is not available on this toolchain's machines.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
    ],
    targets: [
        // Debian's libyaml once more, for the raw event-scan floor. Named apart from Regimen's
        // CLibYAML (and with its own header name and guard) so the two module maps never clash.
        .systemLibrary(
            name: "CYAMLFloor",
            path: "Sources/CYAMLFloor",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        // Shared by the benchmark targets: where the generated inputs live, and the floor scan.
        .target(
            name: "BenchSupport",
            dependencies: ["CYAMLFloor"],
            path: "Sources/BenchSupport"
        ),
        // A plain loop over one operation, for perf and valgrind (see its header).
        .executableTarget(
            name: "profile-loop",
            dependencies: [
                "BenchSupport",
                .product(name: "Regimen", package: "Regimen"),
            ],
            path: "Sources/ProfileLoop"
        ),
        .executableTarget(
            name: "LoadCompile",
            dependencies: [
                "BenchSupport",
                .product(name: "Regimen", package: "Regimen"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/LoadCompile",
            plugins: benchmarkPlugin
        ),
        .executableTarget(
            name: "Evaluate",
            dependencies: [
                "BenchSupport",
                .product(name: "Regimen", package: "Regimen"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/Evaluate",
            plugins: benchmarkPlugin
        ),
    ]
)
