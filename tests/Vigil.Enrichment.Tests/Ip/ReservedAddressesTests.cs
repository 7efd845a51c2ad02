using System.Net;
using Vigil.Enrichment.Ip;

namespace Vigil.Enrichment.Tests.Ip;

public sealed class ReservedAddressesTests
{
    [Theory]
    [InlineData("10.0.0.1", ReservedAddressKind.Private)]
    [InlineData("172.16.0.1", ReservedAddressKind.Private)]
    [InlineData("172.31.255.255", ReservedAddressKind.Private)]
    [InlineData("172.32.0.1", ReservedAddressKind.None)]
    [InlineData("192.168.1.1", ReservedAddressKind.Private)]
    [InlineData("127.0.0.1", ReservedAddressKind.Loopback)]
    [InlineData("169.254.169.254", ReservedAddressKind.LinkLocal)]
    [InlineData("100.64.0.1", ReservedAddressKind.CarrierGradeNat)]
    [InlineData("100.127.255.255", ReservedAddressKind.CarrierGradeNat)]
    [InlineData("100.128.0.0", ReservedAddressKind.None)]
    [InlineData("192.0.2.1", ReservedAddressKind.Documentation)]
    [InlineData("198.51.100.1", ReservedAddressKind.Documentation)]
    [InlineData("203.0.113.1", ReservedAddressKind.Documentation)]
    [InlineData("198.18.0.1", ReservedAddressKind.Benchmarking)]
    [InlineData("224.0.0.251", ReservedAddressKind.Multicast)]
    [InlineData("255.255.255.255", ReservedAddressKind.Reserved)]
    [InlineData("0.0.0.0", ReservedAddressKind.Unspecified)]
    [InlineData("8.8.8.8", ReservedAddressKind.None)]
    [InlineData("::", ReservedAddressKind.Unspecified)]
    [InlineData("::1", ReservedAddressKind.Loopback)]
    [InlineData("fe80::1", ReservedAddressKind.LinkLocal)]
    [InlineData("febf::1", ReservedAddressKind.LinkLocal)]
    [InlineData("fec0::1", ReservedAddressKind.None)]
    [InlineData("fd12:3456::1", ReservedAddressKind.Private)]
    [InlineData("2001:db8::1", ReservedAddressKind.Documentation)]
    [InlineData("3fff:0fff::1", ReservedAddressKind.Documentation)]
    [InlineData("ff02::1", ReservedAddressKind.Multicast)]
    [InlineData("2a00:1450:4001::1", ReservedAddressKind.None)]
    [InlineData("::ffff:10.1.2.3", ReservedAddressKind.Private)]
    [InlineData("::ffff:100.64.1.1", ReservedAddressKind.CarrierGradeNat)]
    public void Classify_KnownBlocks_ReturnsKind(string address, ReservedAddressKind expected)
    {
        var ip = IPAddress.Parse(address);

        Assert.Equal(expected, ReservedAddresses.Classify(ip));
        Assert.Equal(expected, ReservedAddresses.Classify(ip.GetAddressBytes()));
        Assert.Equal(expected == ReservedAddressKind.None, ReservedAddresses.IsPublic(ip));
        Assert.Equal(expected == ReservedAddressKind.Private, ReservedAddresses.IsPrivate(ip));
    }
}
