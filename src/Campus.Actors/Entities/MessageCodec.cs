using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Campus.Actors.Entities;

/// <summary>
/// Turns messages, outputs and entity states into bytes for the log and back. Every message and
/// output type is registered under a stable name, so renaming a C# type never breaks a stored log.
/// </summary>
public sealed class MessageCodec
{
    private readonly Dictionary<string, Type> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, string> _byType = [];

    /// <summary>The JSON options used for messages, outputs and states (camelCase, enums as strings).</summary>
    public JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>
    /// Decodes equal values of <typeparamref name="T"/> to one shared instance (compared by their
    /// JSON): for large reference data many entities hold, such as the campus rules, so that a
    /// recovered campus keeps one copy of them instead of one per entity.
    /// </summary>
    public MessageCodec Intern<T>()
        where T : class
    {
        JsonOptions.Converters.Insert(0, new InterningConverter<T>());
        return this;
    }

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

    /// <summary>The registered name of a type.</summary>
    public string NameOf(Type type) =>
        _byType.TryGetValue(type, out var name)
            ? name
            : throw new InvalidOperationException($"Type {type.Name} is not registered with the message codec.");

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

    /// <summary>Writes a registered message as <c>{"t": name, "p": payload}</c>.</summary>
    public void Write(Utf8JsonWriter writer, object message)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(message);
        writer.WriteStartObject();
        writer.WriteString("t", NameOf(message));
        writer.WritePropertyName("p");
        JsonSerializer.Serialize(writer, message, message.GetType(), JsonOptions);
        writer.WriteEndObject();
    }

    /// <summary>Reads a message written by <see cref="Write"/>.</summary>
    public object Read(JsonElement element)
    {
        var name = element.GetProperty("t").GetString() ?? throw new JsonException("A message without a type name.");
        if (!_byName.TryGetValue(name, out var type))
            throw new InvalidOperationException($"Message name '{name}' is not registered with the message codec.");
        return element.GetProperty("p").Deserialize(type, JsonOptions) ?? throw new JsonException($"Message '{name}' decoded to null.");
    }

    /// <summary>Encodes an entity state (its type is known from the behaviour, so no name is stored).</summary>
    public byte[] EncodeState(object state, Type type) => JsonSerializer.SerializeToUtf8Bytes(state, type, JsonOptions);

    /// <summary>Decodes an entity state of a known type.</summary>
    public object DecodeState(ReadOnlySpan<byte> payload, Type type) =>
        JsonSerializer.Deserialize(payload, type, JsonOptions) ?? throw new JsonException($"State of type {type.Name} decoded to null.");
}

/// <summary>Reads a <typeparamref name="T"/> once per distinct JSON text and hands out the same instance after that.</summary>
internal sealed class InterningConverter<T> : JsonConverter<T>
    where T : class
{
    private const int MaxInterned = 256;
    private readonly ConcurrentDictionary<string, T> _interned = new(StringComparer.Ordinal);
    private JsonSerializerOptions? _inner;

    public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var text = document.RootElement.GetRawText();
        if (_interned.TryGetValue(text, out var known)) return known;
        var value = document.RootElement.Deserialize<T>(Inner(options));
        if (value is null) return null;
        if (_interned.Count >= MaxInterned) _interned.Clear();
        return _interned.GetOrAdd(text, value);
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, Inner(options));

    /// <summary>The same options without this converter, so that the value itself is read and written the ordinary way.</summary>
    private JsonSerializerOptions Inner(JsonSerializerOptions options)
    {
        if (_inner is { } inner) return inner;
        var copy = new JsonSerializerOptions(options);
        copy.Converters.Remove(this);
        return _inner = copy;
    }
}
