package dev.multiproc.dsl

import dev.multiproc.SerializationException
import dev.multiproc.dsl.internal.Direct
import dev.multiproc.dsl.internal.JsonPayload
import dev.multiproc.dsl.internal.PayloadCodec
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import io.kotest.matchers.types.shouldBeSameInstanceAs
import kotlinx.coroutines.flow.toList
import kotlinx.serialization.Serializable
import kotlin.reflect.javaType
import kotlin.reflect.typeOf

/** A kotlinx `@Serializable` class that JDK serialization cannot carry. */
@Serializable
data class Point(val x: Int, val y: Int)

@OptIn(ExperimentalStdlibApi::class)
class JsonCodecSpec : FunSpec({
    test("Auto picks JSON only for types JDK serialization cannot carry") {
        PayloadCodec.of(typeOf<Int>().javaType, Codec.Auto) shouldBeSameInstanceAs Direct
        PayloadCodec.of(typeOf<String>().javaType, Codec.Auto) shouldBeSameInstanceAs Direct
        PayloadCodec.of(typeOf<List<Int>>().javaType, Codec.Auto) shouldBeSameInstanceAs Direct
        PayloadCodec.of(typeOf<Point>().javaType, Codec.Auto).shouldBeInstanceOf<JsonPayload>()
        PayloadCodec.of(typeOf<List<Point>>().javaType, Codec.Auto).shouldBeInstanceOf<JsonPayload>()
        PayloadCodec.of(typeOf<Map<String, Point>>().javaType, Codec.Auto).shouldBeInstanceOf<JsonPayload>()
        PayloadCodec.of(typeOf<Point>().javaType, Codec.Java) shouldBeSameInstanceAs Direct
        PayloadCodec.of(typeOf<Int>().javaType, Codec.Json).encode(7) shouldBe "7"
    }

    test("@Serializable items and results cross to child JVMs as JSON; Codec.Java refuses them") {
        val points = (1..20).map { Point(it, -it) }
        parallel(processes = 2) {
            map(points) { p -> Point(p.y, p.x) }.toList() shouldBe points.map { Point(it.y, it.x) }
            map(points, chunkSize = 5) { p -> listOf(p, p) }.toList() shouldBe points.map { listOf(it, it) }
            map((1..3).toList()) { i -> Point(i, i) }.toList() shouldBe listOf(Point(1, 1), Point(2, 2), Point(3, 3))
            run { Point(4, 2) } shouldBe Point(4, 2)
            val e = shouldThrow<SerializationException> {
                map(points, codec = Codec.Java) { p -> p.x }.toList()
            }
            e.message shouldContain "dev.multiproc.dsl.Point is not Serializable"
        }
    }
})
