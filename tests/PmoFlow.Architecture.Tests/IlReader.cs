using System.Reflection;
using System.Reflection.Emit;

namespace PmoFlow.Architecture.Tests;

/// <summary>
/// Walks a method body's IL instruction by instruction (opcode table from <see cref="OpCodes"/>, operand sizes from
/// each opcode's <see cref="OperandType"/>), so only real call, callvirt, newobj, ldftn and ldvirtftn operands are
/// resolved: an operand byte that merely looks like a call opcode is never read as one.
/// </summary>
internal static class IlReader
{
    private static readonly Dictionary<short, OpCode> Codes = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>The members a method calls, constructs or takes the address of.</summary>
    public static IEnumerable<MemberInfo> CalledMembers(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            yield break;
        }

        var i = 0;
        while (i < il.Length)
        {
            short value = il[i] == 0xFE && i + 1 < il.Length ? (short)(0xFE00 | il[i + 1]) : il[i];
            if (!Codes.TryGetValue(value, out var op))
            {
                throw new InvalidOperationException($"{method.DeclaringType}.{method.Name}: unknown opcode 0x{value:X} at IL offset {i}.");
            }

            i += op.Size;
            var operand = OperandSize(op.OperandType, il, i);
            if (op.OperandType == OperandType.InlineMethod)
            {
                var member = Resolve(method, BitConverter.ToInt32(il, i));
                if (member is not null)
                {
                    yield return member;
                }
            }

            i += operand;
        }
    }

    private static int OperandSize(OperandType type, byte[] il, int at) => type switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, at)),
        _ => 4,
    };

    private static MemberInfo? Resolve(MethodBase method, int token)
    {
        try
        {
            return method.Module.ResolveMember(
                token,
                method.DeclaringType?.IsGenericType == true ? method.DeclaringType.GetGenericArguments() : null,
                method.IsGenericMethod ? method.GetGenericArguments() : null);
        }
        catch (Exception ex) when (ex is ArgumentException or BadImageFormatException or FileNotFoundException or TypeLoadException)
        {
            return null;
        }
    }
}
