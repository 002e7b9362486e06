package dev.multiproc.dsl.internal

import dev.multiproc.SerializationException
import dev.multiproc.spi.ValueCodec

/**
 * Encodes a task lambda at the call that receives it, so that one that cannot be shipped fails
 * there, with the core's field path and a hint in Kotlin terms, rather than later in a worker.
 */
internal object TaskEncoding {
    private val NOT_SERIALIZABLE = Regex("""([\w.$]+) is not Serializable""")

    fun encode(task: Any, call: String): ByteArray = try {
        ValueCodec.encode(task)
    } catch (e: SerializationException) {
        val message = e.message.orEmpty()
        throw SerializationException("cannot send the lambda of $call: $message${kotlinHint(message)}", e.cause)
    }

    /** What a Kotlin developer should do about the class the core's message names. */
    internal fun kotlinHint(message: String): String {
        val className = NOT_SERIALIZABLE.find(message)?.groupValues?.get(1) ?: return ""
        val type = runCatching { Class.forName(className, false, TaskEncoding::class.java.classLoader) }.getOrNull()
        return when {
            type != null && isKotestSpec(type) ->
                ". $className is a kotest spec: the lambda uses one of the spec's properties or functions, so it " +
                    "captures the spec. Copy the values it needs into local vals inside the test, or move the " +
                    "functions to top level or an object"
            message.contains("captures the instance of the script") -> "" // the core's message says it all
            message.contains("captures 'this'") ->
                ". In Kotlin: read the properties the lambda needs into local vals before the call, and call " +
                    "top-level functions or functions of an object rather than members of $className"
            else ->
                ". Capture only serializable values (local vals of serializable types), or make $className " +
                    "java.io.Serializable"
        }
    }

    private fun isKotestSpec(type: Class<*>): Boolean =
        generateSequence(type) { it.superclass }.any { it.name.startsWith("io.kotest.core.spec.") }
}
