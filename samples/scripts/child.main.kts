@file:CompilerOptions("-jvm-target", "17")

// A child process running a lambda of this script. Its class (and this script's class, which
// holds the lambda's code) exists only in the memory of the JVM that compiled the script: the
// child asks this process for them when it deserializes its task.
//
// Run from the repository root (README, "Kotlin scripts"):
//   java -Dkotlin.main.kts.compiled.scripts.cache.dir= -cp "$(cat samples/target/script-classpath.txt)" \
//     org.jetbrains.kotlin.cli.jvm.K2JVMCompiler \
//     -no-stdlib -no-reflect -cp "$(cat samples/target/script-classpath.txt)" \
//     -script samples/scripts/child.main.kts

import dev.multiproc.ChildProcess
import dev.multiproc.SerializableRunnable

object Greeting {
    fun line(greeting: String) =
        "$greeting, from pid ${ProcessHandle.current().pid()}, code loaded by ${Greeting::class.java.classLoader.name}"
}

/** The lambda captures [greeting] only, a String: a script-level property would capture the whole script. */
fun greeter(greeting: String) = ChildProcess("greeter", SerializableRunnable { println(Greeting.line(greeting)) })

val child = greeter("hello from a child of a script")
child.start()
child.join()
println("child ${child.name} exited with ${child.exitCode()}")
