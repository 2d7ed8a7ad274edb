using Siamese.Contracts;

namespace Siamese.Security.Tests;

/// <summary>The one set of name rules every entry point uses (tenant, subject, display name, camera).</summary>
public sealed class NameRulesTests
{
    [Theory]
    [InlineData("acme")]
    [InlineData("a")]
    [InlineData("eval-20261130-1234")]
    [InlineData("Tenant_1.prod")]
    public void PlainTenantNamesAreValid(string tenant) => Assert.Null(NameRules.TenantError(tenant));

    [Theory]
    [InlineData("")]
    [InlineData("..")]
    [InlineData("../../etc")]
    [InlineData(".hidden")]
    [InlineData("-dash")]
    [InlineData("with space")]
    [InlineData("ümlaut")]
    public void TenantNamesOutsideTheAlphabetAreRefused(string tenant) => Assert.NotNull(NameRules.TenantError(tenant));

    [Fact]
    public void LengthLimitsAreTheDocumentedOnes()
    {
        Assert.Null(NameRules.TenantError(new string('t', 64)));
        Assert.NotNull(NameRules.TenantError(new string('t', 65)));
        Assert.Null(NameRules.SubjectError(new string('s', 256)));
        Assert.NotNull(NameRules.SubjectError(new string('s', 257)));
        Assert.Null(NameRules.DisplayNameError(new string('d', 256)));
        Assert.NotNull(NameRules.DisplayNameError(new string('d', 257)));
        Assert.Null(NameRules.CameraError(new string('c', 128)));
        Assert.NotNull(NameRules.CameraError(new string('c', 129)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("a\nb")]
    [InlineData("nul\0")]
    public void BlankSubjectsAndControlCharactersAreRefused(string subject) => Assert.NotNull(NameRules.SubjectError(subject));

    [Fact]
    public void AnEmptyDisplayNameIsAllowedAndControlCharactersAreNot()
    {
        Assert.Null(NameRules.DisplayNameError(null));
        Assert.Null(NameRules.DisplayNameError(""));
        Assert.NotNull(NameRules.DisplayNameError("esc\u001b[2J"));
    }

    [Fact]
    public void MessagesEchoAtMost40CharactersAndNoControlCharacters()
    {
        var error = NameRules.SubjectError(new string('x', 30_000) + "\n")!;

        Assert.True(error.Length < 200);
        Assert.DoesNotContain('\n', error);
    }
}
