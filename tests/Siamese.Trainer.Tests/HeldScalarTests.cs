using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;
using Siamese.Testing;
using TorchSharp;
using Xunit.Abstractions;

namespace Siamese.Trainer.Tests;

/// <summary>
/// Every Scalar the trainer (and these tests, which run side by side on threads) hands libtorch is held until the call
/// returns. A Scalar nothing holds may be freed by a collection on another thread while libtorch reads it: a CI run
/// of 2026-12-06 failed in <c>matmul(weight) + bias</c> with "Expected false to be true" from <c>Scalar::toFloat</c>
/// (TorchSharp's <c>Tensor + Tensor</c> is <c>add(target, 1)</c>, the 1 an implicit Scalar). Read from the C# with
/// Roslyn, against TorchSharp's own IL (<see cref="UnheldScalarMethods"/>).
/// </summary>
public sealed class HeldScalarTests(ITestOutputHelper output)
{
    [Fact]
    public void TheScanFindsTorchSharpsOwnUnheldScalars()
    {
        Assert.True(UnheldScalarMethods.MethodsRead > 10_000, $"{UnheldScalarMethods.MethodsRead} methods read");
        Assert.Contains(Token<torch.Tensor>(nameof(torch.Tensor.add), typeof(torch.Tensor)), UnheldScalarMethods.Tokens);
        Assert.Contains(Token<torch.Tensor>(nameof(torch.Tensor.square)), UnheldScalarMethods.Tokens);
        // Held: the Scalar is the caller's, and sub of two tensors passes none.
        Assert.DoesNotContain(Token<torch.Tensor>(nameof(torch.Tensor.add), typeof(torch.Tensor), typeof(Scalar)), UnheldScalarMethods.Tokens);
        Assert.DoesNotContain(Token<torch.Tensor>(nameof(torch.Tensor.sub), typeof(torch.Tensor)), UnheldScalarMethods.Tokens);
    }

    [Fact]
    public void TheTrainerHandsLibtorchOnlyHeldScalars() =>
        AssertHeld(Path.Combine(Repo.Root, "trainer", "Siamese.Trainer"), "Siamese.Trainer", OutputKind.ConsoleApplication);

    [Fact]
    public void TheTrainerTestsHandLibtorchOnlyHeldScalars() =>
        AssertHeld(Path.Combine(Repo.Root, "tests", "Siamese.Trainer.Tests"), "Siamese.Trainer.Tests", OutputKind.DynamicallyLinkedLibrary, "Xunit");

    [Fact]
    public void TheCheckSeesEachWayOfLettingGoOfAScalar()
    {
        const string code = """
            using TorchSharp;
            using static TorchSharp.torch;
            static class Probe
            {
                private static readonly Scalar One = 1.ToScalar();
                static void Run(Tensor a, Tensor b)
                {
                    using var held = 2.0.ToScalar();
                    _ = a.add(b, One);
                    _ = a.clamp_min(held);
                    _ = a - b;
                    _ = a + b;
                    _ = a.square();
                    _ = a.clamp_min(1e-12);
                    _ = a.mul(2.0.ToScalar());
                    var loose = 3.0.ToScalar();
                    _ = nn.Linear(2, 2);
                }
            }
            """;
        var found = Violations(Compile([CSharpSyntaxTree.ParseText(code, Parse, path: "Probe.cs")], "Probe", OutputKind.DynamicallyLinkedLibrary));

        Assert.Equal([12, 13, 14, 15, 16], found.Select(v => v.Line).Distinct().Order());
    }

    private void AssertHeld(string folder, string assemblyName, OutputKind kind, params string[] extraUsings)
    {
        // The project's own sources: not its build output (bin, obj, and the GPU flavour's bin-gpu, obj-gpu).
        var trees = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(path => Path.GetRelativePath(folder, path).Split(Path.DirectorySeparatorChar)[0] is not ("bin" or "obj" or "bin-gpu" or "obj-gpu"))
            .Select(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), Parse, path: path))
            .Append(CSharpSyntaxTree.ParseText(GlobalUsings(extraUsings), Parse, path: "GlobalUsings.g.cs"))
            .ToList();
        var compilation = Compile(trees, assemblyName, kind);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Take(10).ToList();
        Assert.True(errors.Count == 0, "the sources do not compile here, so the check cannot bind them:\n" + string.Join('\n', errors));

        var found = Violations(compilation);
        foreach (var violation in found)
        {
            output.WriteLine($"{Path.GetRelativePath(Repo.Root, violation.Path)}:{violation.Line}: {violation.What}");
        }

        Assert.True(found.Count == 0, $"{found.Count} places hand libtorch a Scalar nothing holds; the first: "
            + string.Join("; ", found.Take(5).Select(v => $"{Path.GetRelativePath(Repo.Root, v.Path)}:{v.Line} {v.What}")));
    }

    private static readonly CSharpParseOptions Parse = new(LanguageVersion.Preview);

    private static string GlobalUsings(string[] extra) => string.Concat(
        new[] { "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks" }
            .Concat(extra).Select(u => $"global using {u};\n"));

    /// <summary>The test host's assemblies, read once for every compilation here; none compiles this test assembly.</summary>
    private static readonly Lazy<IReadOnlyList<(string Name, MetadataReference Reference)>> HostReferences = new(() =>
        [.. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => Path.GetFileNameWithoutExtension(path) != typeof(HeldScalarTests).Assembly.GetName().Name)
            .Select(path => (Path.GetFileNameWithoutExtension(path), (MetadataReference)MetadataReference.CreateFromFile(path)))]);

    private static CSharpCompilation Compile(IEnumerable<SyntaxTree> trees, string assemblyName, OutputKind kind)
    {
        // The assembly being compiled from source is not also referenced.
        var references = HostReferences.Value.Where(r => r.Name != assemblyName).Select(r => r.Reference);
        return CSharpCompilation.Create(assemblyName, trees, references, new CSharpCompilationOptions(
            kind, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));
    }

    private sealed record Violation(string Path, int Line, string What);

    private static List<Violation> Violations(CSharpCompilation compilation)
    {
        var torchSharp = compilation.References.Select(compilation.GetAssemblyOrModuleSymbol).OfType<IAssemblySymbol>()
            .Single(a => a.Name == typeof(torch).Assembly.GetName().Name);
        var found = new List<Violation>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            var model = compilation.GetSemanticModel(tree);
            var roots = tree.GetRoot().DescendantNodes().Select(node => model.GetOperation(node)).Where(op => op is { Parent: null });
            foreach (var operation in roots.SelectMany(root => root!.DescendantsAndSelf()))
            {
                if (Check(operation, torchSharp) is { } why && !IsReference(operation.Syntax))
                {
                    var line = operation.Syntax.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                    found.Add(new Violation(tree.FilePath, line, $"{why}: {Shorten(operation.Syntax.ToString())}"));
                }
            }
        }

        return [.. found.Distinct()];
    }

    private static string? Check(IOperation operation, IAssemblySymbol torchSharp)
    {
        IMethodSymbol? method = operation switch
        {
            IInvocationOperation invocation => invocation.TargetMethod,
            IBinaryOperation binary => binary.OperatorMethod,
            IUnaryOperation unary => unary.OperatorMethod,
            ICompoundAssignmentOperation compound => compound.OperatorMethod,
            IObjectCreationOperation creation => creation.Constructor,
            IConversionOperation { OperatorMethod: { } conversion } => conversion,
            _ => null,
        };
        if (method is null)
        {
            return null;
        }

        var definition = (method.ReducedFrom ?? method).OriginalDefinition;
        if (!SymbolEqualityComparer.Default.Equals(definition.ContainingAssembly, torchSharp))
        {
            return null;
        }

        if (operation is IConversionOperation && definition.ContainingType.Name == nameof(Scalar))
        {
            return "a number made into a Scalar for the call (hold it: `using var s = x.ToScalar();`)";
        }

        if (definition.Name == "ToScalar" && !IsHeld(operation))
        {
            return "a Scalar made and not held by a using declaration or a static field";
        }

        if (UnheldScalarMethods.Tokens.Contains(definition.MetadataToken) && definition.Name != "ToScalar")
        {
            return $"{UnheldScalarMethods.Chain(definition.MetadataToken)} lets go of a Scalar of its own";
        }

        var made = operation switch
        {
            IObjectCreationOperation creation => creation.Type,
            IInvocationOperation invocation => invocation.Type,
            _ => null,
        };
        for (var type = made as INamedTypeSymbol; type is not null && SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, torchSharp); type = type.BaseType)
        {
            var unheld = type.OriginalDefinition.GetMembers().OfType<IMethodSymbol>()
                .FirstOrDefault(m => m.IsOverride && UnheldScalarMethods.Tokens.Contains(m.MetadataToken));
            if (unheld is not null)
            {
                return $"makes a {made!.Name}: {UnheldScalarMethods.Chain(unheld.MetadataToken)} lets go of a Scalar of its own";
            }
        }

        return null;
    }

    /// <summary>A line marked <c>// held-scalars: reference</c> uses TorchSharp's own on purpose, to compare with.</summary>
    private static bool IsReference(SyntaxNode syntax)
    {
        var line = syntax.GetLocation().GetLineSpan().StartLinePosition.Line;
        return syntax.SyntaxTree.GetText().Lines[line].ToString().Contains("// held-scalars: reference", StringComparison.Ordinal);
    }

    /// <summary>The Scalar is a using declaration's (disposed, so alive, at the end of its scope) or a static field's.</summary>
    private static bool IsHeld(IOperation made)
    {
        var parent = made.Parent;
        while (parent is IConversionOperation { IsImplicit: true })
        {
            parent = parent.Parent;
        }

        return parent switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Parent: IVariableDeclarationOperation { Parent: IVariableDeclarationGroupOperation { Parent: IUsingDeclarationOperation } } } } => true,
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Parent: IVariableDeclarationOperation { Parent: IVariableDeclarationGroupOperation { Parent: IUsingOperation } } } } => true,
            IFieldInitializerOperation { InitializedFields: [{ IsStatic: true, IsReadOnly: true }] } => true,
            _ => false,
        };
    }

    private static string Shorten(string code)
    {
        var line = string.Join(' ', code.Split('\n', StringSplitOptions.TrimEntries));
        return line.Length <= 90 ? line : line[..87] + "...";
    }

    private static int Token<T>(string name, params Type[] parameters) =>
        typeof(T).GetMethod(name, parameters)!.MetadataToken;
}
