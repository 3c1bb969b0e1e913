using System.Buffers.Binary;
using System.Collections;
using System.Text;

namespace AdminConsole.Tests.Infrastructure;

/// <summary>
/// Writes a small MaxMind DB file (format 2.0, https://maxmind.github.io/MaxMind-DB/): an IPv6 search tree of 24-bit
/// records with IPv4 networks under <c>::/96</c>, the 16-byte separator, a data section, and the metadata map after
/// <c>\xAB\xCD\xEFMaxMind.com</c>. Values are maps (string keys), strings, <see cref="ushort"/>, <see cref="uint"/>,
/// <see cref="ulong"/>, <see cref="double"/>, <see cref="bool"/> and lists. Networks must not overlap.
/// </summary>
public sealed class MmdbWriter(string databaseType)
{
    private static readonly byte[] MetadataMarker = [0xAB, 0xCD, 0xEF, .. "MaxMind.com"u8];

    private readonly List<(System.Net.IPNetwork Network, object Data)> networks = [];

    public MmdbWriter Add(string network, object data)
    {
        networks.Add((System.Net.IPNetwork.Parse(network), data));
        return this;
    }

    public void Save(string path) => File.WriteAllBytes(path, Build());

    public byte[] Build()
    {
        var root = new Node();
        var data = new MemoryStream();
        foreach (var (network, value) in networks)
        {
            var offset = (int)data.Length;
            Encode(data, value);
            Insert(root, network, new DataRecord(offset));
        }

        var nodes = new List<Node>();
        Number(root, nodes);
        var tree = new byte[nodes.Count * 6];
        for (var i = 0; i < nodes.Count; i++)
        {
            WriteRecord(tree.AsSpan(i * 6, 3), Value(nodes[i].Left, nodes.Count));
            WriteRecord(tree.AsSpan((i * 6) + 3, 3), Value(nodes[i].Right, nodes.Count));
        }

        var file = new MemoryStream();
        file.Write(tree);
        file.Write(new byte[16]);
        file.Write(data.ToArray());
        file.Write(MetadataMarker);
        Encode(file, new Dictionary<string, object>
        {
            ["binary_format_major_version"] = (ushort)2,
            ["binary_format_minor_version"] = (ushort)0,
            ["build_epoch"] = (ulong)1_764_000_000,
            ["database_type"] = databaseType,
            ["description"] = new Dictionary<string, object> { ["en"] = "AdminConsole test database" },
            ["ip_version"] = (ushort)6,
            ["languages"] = new List<object> { "en" },
            ["node_count"] = (uint)nodes.Count,
            ["record_size"] = (ushort)24,
        });
        return file.ToArray();
    }

    private sealed class Node
    {
        public object? Left { get; set; }

        public object? Right { get; set; }

        public int Index { get; set; }
    }

    private sealed record DataRecord(int Offset);

    private static void Insert(Node root, System.Net.IPNetwork network, DataRecord data)
    {
        var bytes = new byte[16];
        var prefix = network.PrefixLength;
        if (network.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
        {
            network.BaseAddress.GetAddressBytes().CopyTo(bytes, 12);
            prefix += 96;
        }
        else
        {
            network.BaseAddress.GetAddressBytes().CopyTo(bytes, 0);
        }

        var node = root;
        for (var depth = 0; depth < prefix; depth++)
        {
            var right = (bytes[depth / 8] & (0x80 >> (depth % 8))) != 0;
            var child = right ? node.Right : node.Left;
            if (depth == prefix - 1)
            {
                if (child is not null)
                {
                    throw new InvalidOperationException($"{network} overlaps another network.");
                }

                Set(node, right, data);
            }
            else if (child is Node next)
            {
                node = next;
            }
            else if (child is null)
            {
                var created = new Node();
                Set(node, right, created);
                node = created;
            }
            else
            {
                throw new InvalidOperationException($"{network} lies inside another network.");
            }
        }
    }

    private static void Set(Node node, bool right, object value)
    {
        if (right)
        {
            node.Right = value;
        }
        else
        {
            node.Left = value;
        }
    }

    private static void Number(Node node, List<Node> nodes)
    {
        node.Index = nodes.Count;
        nodes.Add(node);
        foreach (var child in new[] { node.Left, node.Right }.OfType<Node>())
        {
            Number(child, nodes);
        }
    }

    /// <summary>A record: another node's number, <c>node_count</c> for "no data", or a data section offset past the separator.</summary>
    private static int Value(object? record, int nodeCount) => record switch
    {
        Node node => node.Index,
        DataRecord data => nodeCount + 16 + data.Offset,
        _ => nodeCount,
    };

    private static void WriteRecord(Span<byte> target, int value)
    {
        target[0] = (byte)(value >> 16);
        target[1] = (byte)(value >> 8);
        target[2] = (byte)value;
    }

    private static void Encode(Stream output, object value)
    {
        switch (value)
        {
            case string text:
                var utf8 = Encoding.UTF8.GetBytes(text);
                Control(output, 2, utf8.Length);
                output.Write(utf8);
                break;
            case double number:
                Control(output, 3, 8);
                Span<byte> bits = stackalloc byte[8];
                BinaryPrimitives.WriteDoubleBigEndian(bits, number);
                output.Write(bits);
                break;
            case ushort number:
                Unsigned(output, 5, number);
                break;
            case uint number:
                Unsigned(output, 6, number);
                break;
            case ulong number:
                Unsigned(output, 9, number);
                break;
            case bool flag:
                Control(output, 14, flag ? 1 : 0);
                break;
            case IDictionary<string, object> map:
                Control(output, 7, map.Count);
                foreach (var (key, item) in map)
                {
                    Encode(output, key);
                    Encode(output, item);
                }

                break;
            case IList list:
                Control(output, 11, list.Count);
                foreach (var item in list)
                {
                    Encode(output, item!);
                }

                break;
            default:
                throw new ArgumentException($"No MaxMind DB type for {value.GetType()}.", nameof(value));
        }
    }

    /// <summary>Big-endian with leading zero bytes left out (zero is no bytes at all).</summary>
    private static void Unsigned(Stream output, int type, ulong number)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, number);
        var first = 0;
        while (first < 8 && bytes[first] == 0)
        {
            first++;
        }

        Control(output, type, 8 - first);
        output.Write(bytes[first..]);
    }

    /// <summary>The control byte (type in the top three bits, or 0 and an extended type byte), then the size.</summary>
    private static void Control(Stream output, int type, int size)
    {
        var (sizeBits, extra) = size switch
        {
            < 29 => (size, Array.Empty<byte>()),
            < 285 => (29, new[] { (byte)(size - 29) }),
            < 65_821 => (30, new[] { (byte)((size - 285) >> 8), (byte)(size - 285) }),
            _ => (31, new[] { (byte)((size - 65_821) >> 16), (byte)((size - 65_821) >> 8), (byte)(size - 65_821) }),
        };
        output.WriteByte((byte)(((type <= 7 ? type : 0) << 5) | sizeBits));
        if (type > 7)
        {
            output.WriteByte((byte)(type - 7));
        }

        output.Write(extra);
    }
}
