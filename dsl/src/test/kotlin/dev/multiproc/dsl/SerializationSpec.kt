package dev.multiproc.dsl

import dev.multiproc.SerializationException
import dev.multiproc.dsl.spi.Engine
import dev.multiproc.spi.ValueCodec
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.mockk.every
import io.mockk.mockk
import kotlinx.coroutines.test.runTest

/** Lambdas ship without annotations; one that cannot is refused at the call, with a fix. */
class SerializationSpec : FunSpec() {
    private val offset = 10

    /** A scope whose engine serializes but never runs anything: the checks happen at the call. */
    private fun checkingScope(scope: kotlinx.coroutines.CoroutineScope): ParallelScope {
        val engine = mockk<Engine>()
        every { engine.workers } returns 1
        every { engine.serializes } returns true
        every { engine.map(any()) } returns kotlinx.coroutines.flow.emptyFlow()
        return ParallelScopeImpl(scope, engine, PoolSpec(1, Backend.Processes))
    }

    init {
        test("a Kotlin lambda passed as a Task or Work serializes and runs after a round trip") {
            val factor = 3
            val task = Task<Int, Int> { x -> x * factor }
            @Suppress("UNCHECKED_CAST")
            val copy = ValueCodec.decode(ValueCodec.encode(task)) as Task<Int, Int>
            copy.apply(5) shouldBe 15
            val work = Work { "w" + factor }
            (ValueCodec.decode(ValueCodec.encode(work)) as Work<*>).run() shouldBe "w3"
        }

        test("a plain Kotlin function type is not serializable, which is why tasks are fun interfaces") {
            val plain: (Int) -> Int = { it + 1 }
            (plain is java.io.Serializable) shouldBe false
        }

        test("a lambda that uses a property of the kotest spec fails at map() naming the spec and the fix") {
            runTest {
                val e = shouldThrow<SerializationException> {
                    checkingScope(this).map(listOf(1)) { x -> x + offset }
                }
                e.message shouldContain "cannot send the lambda of map()"
                e.message shouldContain "dev.multiproc.dsl.SerializationSpec is not Serializable"
                e.message shouldContain "is a kotest spec"
                e.message shouldContain "local vals inside the test"
            }
        }

        test("a lambda capturing a non-serializable local fails at run { } naming its class and path") {
            runTest {
                val monitor = Any()
                val e = shouldThrow<SerializationException> {
                    checkingScope(this).run { monitor.hashCode() }
                }
                e.message shouldContain "cannot send the lambda of run { }"
                e.message shouldContain "java.lang.Object is not Serializable"
                e.message shouldContain "captured arg 0"
            }
        }

        test("a lambda that uses a member of its enclosing class names the class and says what to do in Kotlin") {
            runTest {
                val e = shouldThrow<SerializationException> { Scaler(2).scaled(checkingScope(this), listOf(1)) }
                e.message shouldContain "captures 'this' of Scaler"
                e.message shouldContain "read the properties the lambda needs into local vals"
            }
        }
    }
}

/** An ordinary class whose method maps with a member: the lambda captures `this`. */
class Scaler(private val k: Int) {
    fun scaled(scope: ParallelScope, items: List<Int>) = scope.map(items) { x -> x * k }
}
