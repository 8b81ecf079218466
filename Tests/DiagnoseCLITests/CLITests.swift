import DiagnoseTestSupport
import Foundation
import Testing

@Suite("Command line")
struct CLITests {
    @Test func printsHelpAndVersion() throws {
        let help = try runDiagnose(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("OVERVIEW:"))
        #expect(help.stdout.contains("SUBCOMMANDS:"))
        #expect(help.stdout.contains("EXIT STATUS:"))
        let version = try runDiagnose(["--version"])
        #expect(version.stdout.hasPrefix("diagnose "))
        let commandHelp = try runDiagnose(["parse", "--help"])
        #expect(commandHelp.stdout.contains("USAGE: diagnose parse [options] FILE..."))
        #expect(commandHelp.stderr.isEmpty)
    }

    @Test func reportsUsageErrorsWithExit64() throws {
        let unknown = try runDiagnose(["parse", "--prety", "x.json"])
        #expect(unknown.status == 64)
        #expect(unknown.stdout.isEmpty)
        #expect(unknown.stderr == """
            diagnose: error: unknown option '--prety'; did you mean '--pretty'?
            Usage: diagnose parse [options] FILE...
              See 'diagnose parse --help' for more information.

            """)
        let command = try runDiagnose(["chek"])
        #expect(command.status == 64)
        #expect(command.stderr.contains("unknown subcommand 'chek'"))
        let missing = try runDiagnose(["parse", "--max-depth"])
        #expect(missing.status == 64)
        #expect(missing.stderr.contains("option '--max-depth' needs a value"))
        let bad = try runDiagnose(["parse", "--max-depth=zero", "x"])
        #expect(bad.stderr.contains("invalid value 'zero' for '--max-depth'"))
        let jobs = try runDiagnose(["check", "--jobs", "0", "recordings/checkout-ok.har"])
        #expect(jobs.status == 64)
        #expect(jobs.stderr.contains("invalid value '0' for '--jobs'"))
    }

    /// `check --jobs N` changes how many threads work, never the report.
    @Test func checkJobsDoNotChangeTheOutput() throws {
        let root = TestPaths.packageRoot.path
        let args = [
            "check", "--spec", root + "/specs/payments.yaml", "--format", "json", "--webhook-secret",
            "whsec_demoSigningSecret0123456789", root + "/recordings/ticket-4711.har", root + "/recordings/app-log.ndjson",
        ]
        let one = try runDiagnose(args + ["--jobs", "1"])
        let four = try runDiagnose(args + ["-j", "4"])
        #expect(one.status == 1)
        #expect(four.status == one.status)
        #expect(four.stdout == one.stdout)
    }

    @Test func acceptsOptionFormsAndStdin() throws {
        let r1 = try runDiagnose(["parse", "--max-depth=4", "-p", "-"], stdin: "[[1]]")
        #expect(r1.status == 0)
        #expect(r1.stdout == "[[1]]\n")
        let r2 = try runDiagnose(["parse", "--max-depth", "1", "-"], stdin: "[[1]]")
        #expect(r2.status == 2)
        #expect(r2.stderr.contains("<stdin>:1:2: nesting is deeper than 1 levels"))
        // `--` ends options: a file literally named `-p` is an argument.
        let r3 = try runDiagnose(["parse", "--", "-p"])
        #expect(r3.status == 2)
        #expect(r3.stderr.contains("cannot read '-p': no such file or directory"))
    }

    @Test func explainsRulesInBothLanguages() throws {
        let en = try runDiagnose(["explain", "encoding.json-body-on-form-endpoint"])
        #expect(en.status == 0)
        #expect(en.stdout.contains("JSON body sent to a form-encoded endpoint"))
        let zh = try runDiagnose(["explain", "encoding.json-body-on-form-endpoint", "--lang", "zh-Hans"])
        #expect(zh.status == 0)
        #expect(zh.stdout.contains("含义"))
        let viaLang = try runDiagnose(["explain", "http.redirect"], environment: ["LANG": "zh_CN.UTF-8"])
        #expect(viaLang.stdout.contains("含义"))
        let typo = try runDiagnose(["explain", "http.redirct"])
        #expect(typo.status == 64)
        #expect(typo.stderr.contains("did you mean 'http.redirect'?"))
        let rules = try runDiagnose(["rules", "--format", "json"])
        #expect(rules.stdout.contains("\"id\": \"webhook.signature-mismatch\""))
    }
}
