package dev.multiproc.dsl

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.io.ByteArrayOutputStream
import java.io.PrintStream
import java.nio.file.Files
import java.nio.file.Path

/**
 * The README's Kotlin programs (its `kotlin` blocks with a `main`) are compiled with these tests:
 * each is, verbatim, the body of a file under `readme/` (this spec fails when the two drift apart),
 * and runs here. The other `kotlin` blocks are a Gradle build snippet and the `.main.kts` script,
 * which `ScriptDependsOnTest` in the samples runs.
 */
class ReadmeSnippetSpec : FunSpec({
    val blocks = Regex("```kotlin\\n(.*?)```", RegexOption.DOT_MATCHES_ALL)
        .findAll(Files.readString(Path.of("..", "README.md"))).map { it.groupValues[1] }
        .filter { "fun main(" in it }.toList()
    val copies = listOf(
        Path.of("src/test/kotlin/dev/multiproc/dsl/readme/ReadmeQuickStart.kt"),
        Path.of("src/test/kotlin/dev/multiproc/dsl/readme/progress/ReadmeProgress.kt"),
    )

    test("every Kotlin block of the README is the body of a compiled file") {
        blocks.size shouldBe copies.size
        blocks.zip(copies).forEach { (block, copy) ->
            Files.readString(copy).substringAfter("\n\n") shouldBe block // all after the package line
        }
    }

    test("the quick start prints what its comment says") {
        val original = System.out
        val captured = ByteArrayOutputStream()
        System.setOut(PrintStream(captured, true, Charsets.UTF_8))
        try {
            dev.multiproc.dsl.readme.main()
        } finally {
            System.setOut(original)
        }
        captured.toString(Charsets.UTF_8) shouldContain "[1, 4, 9, 16]"
    }

    test("the progress example counts to 100 on stderr and prints the sum on stdout") {
        val (out, err) = System.out to System.err
        val (stdout, stderr) = ByteArrayOutputStream() to ByteArrayOutputStream()
        System.setOut(PrintStream(stdout, true, Charsets.UTF_8))
        System.setErr(PrintStream(stderr, true, Charsets.UTF_8))
        try {
            dev.multiproc.dsl.readme.progress.main()
        } finally {
            System.setOut(out)
            System.setErr(err)
        }
        stdout.toString(Charsets.UTF_8).trim() shouldBe "338350"
        Regex("\r(\\d+/100 items)").findAll(stderr.toString(Charsets.UTF_8)).map { it.groupValues[1] }.toList() shouldBe
            (0..100).map { "$it/100 items" } + "100/100 items" // the last report: Completed
    }
})
