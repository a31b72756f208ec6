import Foundation
import SQLTemplate
import Testing
import WarehouseCore

/// `packages.yml` entries, dbt's version ranges and `package-lock.yml`.
@Suite struct PackageSpecTests {
    @Test func readsLocalGitAndHubEntries() {
        let (file, problems) = PackagesFile.read(
            path: "packages.yml",
            text: """
                packages:
                  - local: ../utils
                  - git: https://example.com/pkg.git
                    revision: v1.2.0
                    subdirectory: sub
                  - package: dbt-labs/dbt_utils
                    version: [">=1.0.0", "<2.0.0"]
                  - package: org/exact
                    version: 0.9.1
                """)
        #expect(problems.isEmpty)
        #expect(
            file.packages.map(\.source) == [
                .local(path: "../utils"),
                .git(url: "https://example.com/pkg.git", revision: "v1.2.0", subdirectory: "sub"),
                .hub(package: "dbt-labs/dbt_utils", versions: [">=1.0.0", "<2.0.0"], installPrerelease: false),
                .hub(package: "org/exact", versions: ["0.9.1"], installPrerelease: false),
            ])
        #expect(file.packages.map(\.location.line) == [2, 3, 6, 8])
    }

    @Test func badEntriesAreReportedAtTheirLineWithAFix() {
        let (file, problems) = PackagesFile.read(
            path: "packages.yml",
            text: """
                packages:
                  - local: ../a
                    git: https://example.com/b.git
                  - package: dbt_utils
                    version: 1.0.0
                  - package: org/x
                  - package: org/y
                    version: ">=2.0.0, <1"
                  - locl: ../c
                """)
        #expect(file.packages.isEmpty)
        let messages = problems.map { "\($0.location.line): \($0.message)" }
        #expect(
            messages == [
                "2: a package entry names more than one source: `local:`, `git:`",
                "4: package 'dbt_utils' is not a hub name",
                "6: the hub package 'org/x' has no `version`",
                "8: '>=2.0.0, <1' is not a version specifier: expected major.minor.patch, optionally after >=, >, "
                    + "<=, < or =",
                "9: unknown key `locl` in a package entry",
            ])
        #expect(problems[4].help == "did you mean 'local'?")
        #expect(problems.allSatisfy { $0.help != nil })
    }

    @Test func versionRangesPickTheNewestAllowedReleaseAsDbtDoes() throws {
        let available = ["0.9.0", "1.0.0", "1.1.1", "1.3.0", "1.4.0-b1", "2.0.0"]
        func best(_ specifiers: [String], prerelease: Bool = false) throws -> String? {
            try VersionRange.reading(specifiers).get().best(of: available, prerelease: prerelease)
        }
        #expect(try best([">=1.0.0", "<2.0.0"]) == "1.3.0")
        #expect(try best([">=1.0.0", "<2.0.0"], prerelease: true) == "1.4.0-b1")
        #expect(try best(["1.1.1"]) == "1.1.1")
        #expect(try best(["=1.0.0"]) == "1.0.0")
        #expect(try best([">1.3.0"]) == "2.0.0")
        #expect(try best(["<=1.1.1", ">0.9.0"]) == "1.1.1")
        #expect(try best([">=3.0.0"]) == nil)
        #expect(throws: VersionRangeError.incompatible([">=2.0.0", "<1.0.0"])) {
            try VersionRange.reading([">=2.0.0", "<1.0.0"]).get()
        }
        #expect(SemanticVersion("1.4.0-b1")! < SemanticVersion("1.4.0")!)
        #expect(SemanticVersion("1.2") == nil)
        #expect(SemanticVersion("01.2.3") == nil)
    }

    /// dbt 1.11.16's `dbt deps` wrote this lock file for `packages: [{local: ../}]` (dbt-utils' integration project);
    /// its hash is recomputed here from the entry, so dbt and wh each see the other's lock file as current.
    @Test func lockFileMatchesWhatDbtWrites() throws {
        let (file, _) = PackagesFile.read(path: "packages.yml", text: "packages:\n    - local: ../\n")
        let lock = PackageLock(
            packages: [PackageLock.Entry(pin: .local(path: "../"), name: "dbt_utils")],
            hash: PackageLock.hash(of: file.packages))
        #expect(
            lock.text == """
                packages:
                  - local: ../
                    name: dbt_utils
                sha1_hash: de2deba3d66ce03d8c02949013650cc9b94f6030

                """)
        #expect(PackageLock.read(text: lock.text, path: "package-lock.yml") == lock)
        let hub = PackageLock(
            packages: [
                PackageLock.Entry(pin: .hub(package: "dbt-labs/dbt_utils", version: "1.3.0"), name: "dbt_utils"),
                PackageLock.Entry(
                    pin: .git(url: "file:///tmp/r.git", commit: "0123abcd", subdirectory: "pkg"), name: "r"),
            ],
            hash: "x")
        #expect(PackageLock.read(text: hub.text, path: "package-lock.yml") == hub)
    }

    @Test func sha1MatchesKnownDigests() {
        #expect(SHA1.hexDigest("") == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(SHA1.hexDigest("abc") == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(
            SHA1.hexDigest(String(repeating: "a", count: 1000)) == "291e9a6c66994949b57ba5e650361e98fc36b1ba")
    }
}
