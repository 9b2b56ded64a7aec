using System.Text.Json;
using System.Text.Json.Serialization;

namespace Campus.Actors.Runtime;

/// <summary>
/// Turns messages, outputs and entity states into bytes for the log and back. Every message and
/// output type is registered under a stable name, so renaming a C# type never breaks a stored log.
/// </summary>
public sealed class MessageCodec
{
    private readonly Dictionary<string, Type> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, string> _byType = [];

    public MessageCodec()
    {
        Register<TimerFired>(TimerFired.TypeName);
    }

    /// <summary>The JSON options used for messages, outputs and states (camelCase, enums as strings).</summary>
    public JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Registers <typeparamref name="T"/> under <paramref name="name"/>; returns this codec for chaining.</summary>
    public MessageCodec Register<T>(string name) => Register(typeof(T), name);

    /// <summary>Registers <paramref name="type"/> under <paramref name="name"/>.</summary>
    public MessageCodec Register(Type type, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (_byName.TryGetValue(name, out var existing) && existing != type)
            throw new InvalidOperationException($"Message name '{name}' is already registered for {existing.Name}.");
        _byName[name] = type;
        _byType[type] = name;
        return this;
    }

    /// <summary>The registered name of a message's type.</summary>
    public string NameOf(object message) =>
        _byType.TryGetValue(message.GetType(), out var name)
            ? name
            : throw new InvalidOperationException($"Type {message.GetType().Name} is not registered with the message codec.");

    /// <summary>True when a type is registered.</summary>
    public bool IsRegistered(Type type) => _byType.ContainsKey(type);

    /// <summary>Encodes a registered message: its name and its UTF-8 JSON.</summary>
    public (string Name, byte[] Payload) Encode(object message) =>
        (NameOf(message), JsonSerializer.SerializeToUtf8Bytes(message, message.GetType(), JsonOptions));

    /// <summary>Decodes a message stored under <paramref name="name"/>.</summary>
    public object Decode(string name, ReadOnlySpan<byte> payload)
    {
        if (!_byName.TryGetValue(name, out var type))
            throw new InvalidOperationException($"Message name '{name}' is not registered with the message codec.");
        return JsonSerializer.Deserialize(payload, type, JsonOptions)
            ?? throw new JsonException($"Message '{name}' decoded to null.");
    }

    /// <summary>Encodes an entity state (its type is known from the behaviour, so no name is stored).</summary>
    public byte[] EncodeState(object state, Type type) => JsonSerializer.SerializeToUtf8Bytes(state, type, JsonOptions);

    /// <summary>Decodes an entity state of a known type.</summary>
    public object DecodeState(ReadOnlySpan<byte> payload, Type type) =>
        JsonSerializer.Deserialize(payload, type, JsonOptions) ?? throw new JsonException($"State of type {type.Name} decoded to null.");
}
