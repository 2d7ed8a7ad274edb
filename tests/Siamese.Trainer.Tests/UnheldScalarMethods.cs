using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using TorchSharp;

namespace Siamese.Trainer.Tests;

/// <summary>
/// The TorchSharp methods that hand libtorch a <see cref="Scalar"/> nothing holds, read from TorchSharp's IL: a method
/// that makes a Scalar (an implicit conversion or <c>ToScalar</c>) and never disposes one, and every TorchSharp method
/// that calls such a method. <c>Tensor.add(Tensor)</c> is one: it calls <c>add(target, 1)</c>, and the Scalar made of
/// the 1 is garbage once its handle is read, so a collection on another thread may free it while libtorch still reads
/// it ("Expected false to be true" from <c>Scalar::toFloat</c>, a CI run of 2026-12-06).
/// </summary>
internal static class UnheldScalarMethods
{
    private static readonly Lazy<Scan> Result = new(Read);

    /// <summary>The metadata tokens (TorchSharp's module) of the methods that let go of a Scalar of their own.</summary>
    public static IReadOnlySet<int> Tokens => Result.Value.Unheld;

    /// <summary>The full names of the methods, by token, for messages.</summary>
    public static string NameOf(int token) => Result.Value.Names.GetValueOrDefault(token, $"0x{token:x8}");

    /// <summary>How many methods with a body the scan read (a check that it read anything).</summary>
    public static int MethodsRead => Result.Value.MethodsRead;

    private sealed record Scan(IReadOnlyDictionary<int, int?> Through, IReadOnlyDictionary<int, string> Names, int MethodsRead)
    {
        public IReadOnlySet<int> Unheld { get; } = Through.Keys.ToHashSet();
    }

    /// <summary>How the method comes to let go of a Scalar: itself, then each callee down to the one that makes it.</summary>
    public static string Chain(int token)
    {
        var names = new List<string>();
        for (int? method = token; method is { } m && names.Count < 8; method = Result.Value.Through.GetValueOrDefault(m))
        {
            names.Add(NameOf(m));
        }

        return string.Join(" → ", names);
    }

    private static bool IsDisposableDispose(MetadataReader metadata, EntityHandle handle)
    {
        // A using statement on a Scalar calls IDisposable.Dispose, a reference into the runtime's assembly.
        if (handle.Kind != HandleKind.MemberReference)
        {
            return false;
        }

        var reference = metadata.GetMemberReference((MemberReferenceHandle)handle);
        return metadata.GetString(reference.Name) == "Dispose"
            && reference.Parent.Kind == HandleKind.TypeReference
            && metadata.GetString(metadata.GetTypeReference((TypeReferenceHandle)reference.Parent).Name) == nameof(IDisposable);
    }

    private static Scan Read()
    {
        using var pe = new PEReader(File.OpenRead(typeof(torch).Assembly.Location));
        var metadata = pe.GetMetadataReader();
        var (oneByte, twoByte) = OpCodeTables();
        var callers = new Dictionary<int, HashSet<int>>();
        var makers = new HashSet<int>();
        var names = new Dictionary<int, string>();
        var read = 0;

        foreach (var handle in metadata.MethodDefinitions)
        {
            var definition = metadata.GetMethodDefinition(handle);
            var token = MetadataTokens.GetToken(handle);
            names[token] = $"{metadata.GetString(metadata.GetTypeDefinition(definition.GetDeclaringType()).Name)}.{metadata.GetString(definition.Name)}";
            if (definition.RelativeVirtualAddress == 0)
            {
                continue;
            }

            read++;
            var makes = false;
            var disposes = false;
            var il = pe.GetMethodBody(definition.RelativeVirtualAddress).GetILReader();
            while (il.RemainingBytes > 0)
            {
                var code = il.ReadByte();
                var opCode = code == 0xFE ? twoByte[il.ReadByte()] : oneByte[code];
                if (opCode.OperandType == OperandType.InlineMethod)
                {
                    var called = MetadataTokens.EntityHandle(il.ReadInt32());
                    disposes |= IsDisposableDispose(metadata, called);
                    foreach (var target in Callees(metadata, called))
                    {
                        var (type, name) = NameOf(metadata, target);
                        makes |= (type == nameof(Scalar) && name == "op_Implicit") || name == "ToScalar";
                        disposes |= type == nameof(Scalar) && name == "Dispose";
                        var calleeToken = MetadataTokens.GetToken(target);
                        if (!callers.TryGetValue(calleeToken, out var set))
                        {
                            callers[calleeToken] = set = [];
                        }

                        set.Add(token);
                    }

                    continue;
                }

                il.Offset += OperandSize(opCode.OperandType, ref il);
            }

            if (makes && !disposes)
            {
                makers.Add(token);
            }
        }

        // Everything that reaches a maker through TorchSharp's own calls lets go of that Scalar too.
        var through = makers.ToDictionary(m => m, _ => (int?)null);
        var pending = new Queue<int>(makers);
        while (pending.TryDequeue(out var method))
        {
            foreach (var caller in callers.GetValueOrDefault(method) ?? [])
            {
                if (through.TryAdd(caller, method))
                {
                    pending.Enqueue(caller);
                }
            }
        }

        return new Scan(through, names, read);
    }

    /// <summary>
    /// The TorchSharp method a call token names: a definition; a generic method's instantiation; or a member of a
    /// generic type's instantiation (<c>Module&lt;Tensor, Tensor&gt;.call</c>), matched by name and parameter count.
    /// Another assembly's methods are not TorchSharp's code to read.
    /// </summary>
    private static IEnumerable<MethodDefinitionHandle> Callees(MetadataReader metadata, EntityHandle handle)
    {
        switch (handle.Kind)
        {
            case HandleKind.MethodDefinition:
                return [(MethodDefinitionHandle)handle];
            case HandleKind.MethodSpecification:
                return Callees(metadata, metadata.GetMethodSpecification((MethodSpecificationHandle)handle).Method);
            case HandleKind.MemberReference:
                var reference = metadata.GetMemberReference((MemberReferenceHandle)handle);
                if (reference.Parent.Kind != HandleKind.TypeSpecification || reference.GetKind() != MemberReferenceKind.Method)
                {
                    return [];
                }

                var blob = metadata.GetBlobReader(metadata.GetTypeSpecification((TypeSpecificationHandle)reference.Parent).Signature);
                if (blob.ReadSignatureTypeCode() != SignatureTypeCode.GenericTypeInstance)
                {
                    return [];
                }

                blob.ReadSignatureTypeCode(); // class or value type
                if (blob.ReadTypeHandle() is not { Kind: HandleKind.TypeDefinition } generic)
                {
                    return [];
                }

                var name = metadata.GetString(reference.Name);
                var count = ParameterCount(metadata.GetBlobReader(reference.Signature));
                return metadata.GetTypeDefinition((TypeDefinitionHandle)generic).GetMethods()
                    .Where(m => metadata.GetString(metadata.GetMethodDefinition(m).Name) == name
                        && ParameterCount(metadata.GetBlobReader(metadata.GetMethodDefinition(m).Signature)) == count)
                    .ToList();
            default:
                return [];
        }
    }

    private static int ParameterCount(BlobReader signature)
    {
        var header = signature.ReadSignatureHeader();
        if (header.IsGeneric)
        {
            signature.ReadCompressedInteger();
        }

        return signature.ReadCompressedInteger();
    }

    private static (string Type, string Name) NameOf(MetadataReader metadata, MethodDefinitionHandle handle)
    {
        var definition = metadata.GetMethodDefinition(handle);
        return (metadata.GetString(metadata.GetTypeDefinition(definition.GetDeclaringType()).Name), metadata.GetString(definition.Name));
    }

    private static int OperandSize(OperandType type, ref BlobReader il) => type switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 * il.ReadInt32(),
        _ => 4,
    };

    private static (OpCode[] OneByte, OpCode[] TwoByte) OpCodeTables()
    {
        var oneByte = new OpCode[256];
        var twoByte = new OpCode[256];
        foreach (var field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var opCode = (OpCode)field.GetValue(null)!;
            var value = (ushort)opCode.Value;
            if (opCode.Size == 1)
            {
                oneByte[value] = opCode;
            }
            else
            {
                twoByte[value & 0xFF] = opCode;
            }
        }

        return (oneByte, twoByte);
    }
}
