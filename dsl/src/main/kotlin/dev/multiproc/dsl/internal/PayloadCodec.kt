package dev.multiproc.dsl.internal

import dev.multiproc.dsl.Codec
import kotlinx.serialization.KSerializer
import kotlinx.serialization.json.Json
import kotlinx.serialization.serializer
import kotlinx.serialization.serializerOrNull
import java.io.Serializable
import java.lang.reflect.GenericArrayType
import java.lang.reflect.Modifier
import java.lang.reflect.ParameterizedType
import java.lang.reflect.Type
import java.lang.reflect.WildcardType

/**
 * How one item or result is turned into something the core's codec can carry, and back. Runs in
 * the caller (items, decoded results) and in the worker (decoded items, results).
 */
internal sealed interface PayloadCodec : Serializable {
    fun encode(value: Any?): Any?

    fun decode(value: Any?): Any?

    companion object {
        /** The codec for values of [type] under [choice]; see [Codec.Auto] for the rule. */
        fun of(type: Type, choice: Codec): PayloadCodec = when (choice) {
            Codec.Java -> Direct
            Codec.Json -> JsonPayload(TypeRef.of(type)).also { it.serializer } // fails here when there is no serializer
            Codec.Auto -> if (needsJson(type) && serializerOrNull(type) != null) JsonPayload(TypeRef.of(type)) else Direct
        }

        /** True when some class in [type] is a concrete class that JDK serialization cannot handle. */
        fun needsJson(type: Type): Boolean = when (type) {
            is Class<*> -> !type.isPrimitive && !type.isInterface && !Modifier.isAbstract(type.modifiers) &&
                !type.isArray && !Serializable::class.java.isAssignableFrom(type)
            is ParameterizedType -> needsJson(type.rawType) || type.actualTypeArguments.any(::needsJson)
            is WildcardType -> type.upperBounds.any(::needsJson)
            is GenericArrayType -> needsJson(type.genericComponentType)
            else -> false
        }
    }
}

/**
 * The results of `run { }` and `async { }`, whose static type is not known where they are
 * encoded: a value of a `@Serializable` class that is not `java.io.Serializable` goes as a
 * [JsonBox], anything else as it is.
 */
internal object ByValue : PayloadCodec {
    private const val serialVersionUID = 1L

    override fun encode(value: Any?): Any? {
        if (value == null || !PayloadCodec.needsJson(value.javaClass)) return value
        @Suppress("UNCHECKED_CAST")
        val serializer = serializerOrNull(value.javaClass) as KSerializer<Any?>? ?: return value
        return JsonBox(value.javaClass.name, Json.encodeToString(serializer, value))
    }

    override fun decode(value: Any?): Any? = if (value is JsonBox) {
        Json.decodeFromString(serializer(TypeRef(value.className, emptyList()).toJavaType()), value.json)
    } else {
        value
    }

    private fun readResolve(): Any = ByValue
}

/** A value of class [className] as JSON. */
internal class JsonBox(val className: String, val json: String) : Serializable {
    private companion object {
        private const val serialVersionUID = 1L
    }
}

/** Values go as they are (the core's codec: fast path or JDK serialization). */
internal object Direct : PayloadCodec {
    private const val serialVersionUID = 1L

    override fun encode(value: Any?): Any? = value

    override fun decode(value: Any?): Any? = value

    private fun readResolve(): Any = Direct
}

/**
 * Values go as JSON strings (kotlinx-serialization-json). A serializer is not serializable, so the
 * type travels as a [TypeRef] and each side looks its serializer up once.
 */
internal class JsonPayload(private val type: TypeRef) : PayloadCodec {
    @Transient
    private var cached: KSerializer<Any?>? = null

    val serializer: KSerializer<Any?>
        get() = cached ?: @Suppress("UNCHECKED_CAST") (serializer(type.toJavaType()) as KSerializer<Any?>).also { cached = it }

    override fun encode(value: Any?): Any? = JSON.encodeToString(serializer, value)

    override fun decode(value: Any?): Any? = JSON.decodeFromString(serializer, value as String)

    override fun toString(): String = "JsonPayload($type)"

    private companion object {
        private const val serialVersionUID = 1L
        private val JSON = Json
    }
}

/** A serializable picture of a `java.lang.reflect.Type`: a class name and type arguments. */
internal data class TypeRef(val className: String, val arguments: List<TypeRef>) : Serializable {
    fun toJavaType(): Type {
        val raw = Class.forName(className, false, Thread.currentThread().contextClassLoader ?: TypeRef::class.java.classLoader)
        if (arguments.isEmpty()) return raw
        val args = arguments.map { it.toJavaType() }.toTypedArray()
        return object : ParameterizedType {
            override fun getRawType(): Type = raw
            override fun getActualTypeArguments(): Array<Type> = args
            override fun getOwnerType(): Type? = null
        }
    }

    override fun toString(): String = if (arguments.isEmpty()) className else "$className<${arguments.joinToString()}>"

    companion object {
        private const val serialVersionUID = 1L

        fun of(type: Type): TypeRef = when (type) {
            is Class<*> -> TypeRef(boxed(type).name, emptyList())
            is ParameterizedType -> TypeRef((type.rawType as Class<*>).name, type.actualTypeArguments.map(::of))
            is WildcardType -> of(type.upperBounds.first())
            else -> throw IllegalArgumentException("cannot describe $type for the JSON codec")
        }

        private fun boxed(type: Class<*>): Class<*> = type.kotlin.javaObjectType
    }
}
