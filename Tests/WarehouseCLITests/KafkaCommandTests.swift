import Foundation
import KafkaClient
import Logging
import Testing
import WarehouseIngest

#if canImport(Glibc)
    import Glibc
#endif

@Suite("wh kafka up and wh generate orders")
struct KafkaCommandTests {
    private let logger = Logger(label: "wh.kafka.test") { _ in SwiftLogNoOpLogHandler() }

    private func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wh-kafka-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// kcat, required: the test fails (never skips) when it is missing.
    private func kcat() throws -> URL {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent("kcat")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw ChildProcessError(description: "kcat is not installed: apt-get install -y kcat")
    }

    /// Runs kcat with `arguments` and `input`, returning its standard output.
    private func runKcat(_ arguments: [String], input: String = "") throws -> String {
        let process = Process()
        process.executableURL = try kcat()
        process.arguments = arguments
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "kcat \(arguments.joined(separator: " "))")
        return String(decoding: output, as: UTF8.self)
    }

    private func consume(_ address: String, topic: String, count: Int) async throws -> [KafkaMessage] {
        let consumer = try KafkaConsumer(
            configuration: KafkaConfiguration(bootstrapServers: address, properties: ["session.timeout.ms": "6000"]),
            groupID: "test-\(topic)", logger: logger)
        try consumer.subscribe(to: [topic])
        return try await KafkaThread.run {
            let deadline = ContinuousClock.now + .seconds(30)
            var messages: [KafkaMessage] = []
            while messages.count < count, ContinuousClock.now < deadline {
                messages += try consumer.poll(maxMessages: 1000, linger: .milliseconds(200))
            }
            try consumer.close()
            return messages
        }
    }

    @Test("wh kafka up serves KafkaClient and kcat, records its address, and stops on SIGINT with exit 0")
    func kafkaUpServesClients() async throws {
        let project = try temporaryFolder()
        let log = project.appendingPathComponent("up.log")
        let broker = try ChildProcess.start(
            [
                "kafka", "up", "--project-dir", project.path, "--topic", "orders", "--topic", "events", "--topic",
                "generated", "--partitions", "4",
            ], environment: [:], log: log)
        defer { if broker.isRunning { kill(broker.processIdentifier, SIGKILL) } }
        let bootstrap = project.appendingPathComponent(".wh/kafka/bootstrap")
        let deadline = ContinuousClock.now + .seconds(30)
        while !FileManager.default.fileExists(atPath: bootstrap.path), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        let address = try String(contentsOf: bootstrap, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(address.hasPrefix("127.0.0.1:"))

        // KafkaClient produces, kcat consumes.
        let producer = try KafkaProducer(configuration: KafkaConfiguration(bootstrapServers: address), logger: logger)
        for index in 0..<100 {
            try producer.produce(
                topic: "events", partition: Int32(index % 4), key: Array("k\(index)".utf8),
                value: Array("v\(index)".utf8))
        }
        #expect(try producer.flush(timeout: .seconds(10)).acknowledged == 100)
        let kcatRead = try runKcat([
            "-b", address, "-C", "-t", "events", "-o", "beginning", "-e", "-q", "-f", "%p %k %s\n",
        ])
        let lines = Set(kcatRead.split(separator: "\n").map(String.init))
        #expect(lines == Set((0..<100).map { "\($0 % 4) k\($0) v\($0)" }))

        // kcat produces, KafkaClient consumes.
        _ = try runKcat(["-b", address, "-P", "-t", "orders", "-p", "2"], input: "alpha\nbeta\ngamma\n")
        let fromKcat = try await consume(address, topic: "orders", count: 3)
        #expect(fromKcat.map { String(decoding: $0.value, as: UTF8.self) } == ["alpha", "beta", "gamma"])
        #expect(fromKcat.map(\.partition) == [2, 2, 2] && fromKcat.map(\.offset) == [0, 1, 2])

        // wh generate orders finds the broker through the recorded address; every event arrives as generated.
        let generated = await CommandRunner.run([
            "generate", "orders", "--to", "kafka:generated", "--count", "300", "--seed", "9", "--bad-ratio", "0.1",
            "--duplicate-ratio", "0.05", "--project-dir", project.path,
        ])
        #expect(generated.exitCode == 0, "\(generated.standardError)")
        #expect(generated.standardOutput.contains("Sent 300 order events to Kafka topic generated at \(address)"))
        #expect(generated.standardOutput.contains("; 300 acknowledged"))
        var generator = try OrderEventGenerator(seed: 9, badRatio: 0.1, duplicateRatio: 0.05)
        let expected = (0..<300).map { _ in generator.next() }
        let bad = expected.filter { $0.defect != .none }.count
        let duplicates = expected.filter(\.isDuplicate).count
        #expect(generated.standardOutput.contains(": \(bad) bad, \(duplicates) duplicates"))
        let received = try await consume(address, topic: "generated", count: 300)
        #expect(received.count == 300)
        #expect(
            received.map(\.value).sorted { $0.lexicographicallyPrecedes($1) }
                == expected.map(\.json).sorted { $0.lexicographicallyPrecedes($1) })
        for message in received {
            let orderID = try #require(message.key.map { String(decoding: $0, as: UTF8.self) })
            #expect(expected.contains { $0.orderID == orderID && $0.json == message.value }, "keyed by order id")
        }

        kill(broker.processIdentifier, SIGINT)
        #expect(await ChildProcess.wait(broker, timeout: .seconds(20)) == 0)
        #expect(!FileManager.default.fileExists(atPath: bootstrap.path), "the address file goes with the broker")
        let output = try String(contentsOf: log, encoding: .utf8)
        #expect(output.contains("listening at \(address)"))
        #expect(output.contains("Stopped the embedded Kafka broker"))
    }

    @Test("wh generate orders --to kafka without a broker names wh kafka up")
    func noBroker() async throws {
        let project = try temporaryFolder()
        let result = await CommandRunner.run([
            "generate", "orders", "--to", "kafka:orders", "--count", "5", "--project-dir", project.path,
        ])
        #expect(result.exitCode == 1)
        #expect(result.standardError.contains("`wh kafka up`"))
        #expect(result.standardError.contains("--brokers"))
    }

    @Test("wh generate orders --to csv: one row per line, same seed and count give the same bytes")
    func csvDeterministic() async throws {
        let folder = try temporaryFolder()
        let paths = ["a", "b", "c"].map { folder.appendingPathComponent("\($0).csv").path }
        for (path, seed) in zip(paths, ["4", "4", "5"]) {
            let result = await CommandRunner.run([
                "generate", "orders", "--to", "csv:\(path)", "--count", "500", "--seed", seed, "--bad-ratio", "0.1",
                "--duplicate-ratio", "0.1",
            ])
            #expect(result.exitCode == 0, "\(result.standardError)")
            #expect(result.standardOutput.hasPrefix("Wrote 500 order events ("))
        }
        let first = try Data(contentsOf: URL(fileURLWithPath: paths[0]))
        #expect(first == (try Data(contentsOf: URL(fileURLWithPath: paths[1]))))
        #expect(first != (try Data(contentsOf: URL(fileURLWithPath: paths[2]))))
        var generator = try OrderEventGenerator(seed: 4, badRatio: 0.1, duplicateRatio: 0.1)
        var expected = Array((OrderEvent.csvHeader + "\n").utf8)
        for _ in 0..<500 { generator.next().appendCSVRows(to: &expected) }
        #expect(first == Data(expected))
    }

    @Test("--rate holds the events per second; a bad --to or ratio is a user error")
    func rateAndValidation() async throws {
        let path = try temporaryFolder().appendingPathComponent("slow.csv").path
        let clock = ContinuousClock()
        let started = clock.now
        let slow = await CommandRunner.run([
            "generate", "orders", "--to", "csv:\(path)", "--count", "30", "--rate", "100",
        ])
        #expect(slow.exitCode == 0)
        #expect(clock.now - started >= .milliseconds(290))
        let wrongDestination = await CommandRunner.run(["generate", "orders", "--to", "s3:bucket", "--count", "3"])
        #expect(wrongDestination.exitCode == 1)
        #expect(wrongDestination.standardError.contains("--to must be kafka:TOPIC or csv:PATH"))
        let wrongRatio = await CommandRunner.run([
            "generate", "orders", "--to", "csv:\(path)", "--count", "3", "--bad-ratio", "2",
        ])
        #expect(wrongRatio.exitCode == 1)
        #expect(wrongRatio.standardError.contains("the bad ratio must be between 0 and 1"))
    }
}
