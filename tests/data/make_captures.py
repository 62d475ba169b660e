#!/usr/bin/env python3
"""Writes the pcapng files in this folder, byte by byte, without libpcap.

    python3 tests/data/make_captures.py

The control tests read them with CaptureReader (through libpcap), so the
files come from a writer independent of the code under test. The SCTP
packets are real: their CRC32c checksums are right (RFC 9260 appendix A).

sctp-ethernet.pcapng (LINKTYPE_ETHERNET, if_tsresol 10^-9):
  1  IPv4 10.0.0.1 > 10.0.0.2, SCTP INIT
  2  802.1Q VLAN 100, IPv6 2001:db8::1 > 2001:db8::2, SCTP DATA "hello"
  3  ARP request (no IP)
  4  IPv4 10.0.0.2 > 10.0.0.1, UDP 9899 > 9899, SCTP SACK (RFC 6951)
  5  frame 1 again, captured cut to 40 of its 60 bytes (snapshot length)

sctp-linux-sll2.pcapng (LINKTYPE_LINUX_SLL2, if_tsresol 10^-6):
  1  outgoing, IPv6 2001:db8::1 > 2001:db8::2, SCTP DATA "hello"
  2  incoming, IPv4 10.0.0.2 > 10.0.0.1, SCTP SACK
"""

import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def crc32c(data):
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF


def sctp_packet(source_port, destination_port, tag, chunks):
    packet = bytearray(struct.pack("!HHII", source_port, destination_port, tag, 0) + chunks)
    # The CRC goes into the checksum field least significant byte first,
    # as RFC 9260 appendix A's reference code stores it.
    packet[8:12] = struct.pack("<I", crc32c(bytes(packet)))
    return bytes(packet)


def chunk(chunk_type, flags, value):
    body = struct.pack("!BBH", chunk_type, flags, 4 + len(value)) + value
    return body + b"\0" * (-len(body) % 4)


# INIT: initiate tag, a_rwnd, outbound streams, inbound streams, initial TSN.
INIT = sctp_packet(5000, 5001, 0, chunk(1, 0, struct.pack("!IIHHI", 0x11223344, 65536, 10, 10, 1)))
# DATA: B and E set, TSN 1, stream 0, SSN 0, PPID 0, "hello".
DATA = sctp_packet(5000, 5001, 0x55667788,
                   chunk(0, 0x03, struct.pack("!IHHI", 1, 0, 0, 0) + b"hello"))
# SACK: cumulative TSN 1, a_rwnd 65536, no gaps, no duplicates.
SACK = sctp_packet(5001, 5000, 0x11223344, chunk(3, 0, struct.pack("!IIHH", 1, 65536, 0, 0)))

IPV4_A = bytes([10, 0, 0, 1])
IPV4_B = bytes([10, 0, 0, 2])
IPV6_A = bytes.fromhex("20010db8000000000000000000000001")
IPV6_B = bytes.fromhex("20010db8000000000000000000000002")
MAC_A = bytes.fromhex("020000000001")
MAC_B = bytes.fromhex("020000000002")


def internet_checksum(data):
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total > 0xFFFF:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def ipv4(protocol, source, destination, payload):
    header = bytearray(struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 0x1234, 0x4000,
                                   64, protocol, 0, source, destination))
    header[10:12] = struct.pack("!H", internet_checksum(bytes(header)))
    return bytes(header) + payload


def ipv6(next_header, source, destination, payload):
    return struct.pack("!IHBB16s16s", 0x60000000, len(payload), next_header, 64, source,
                       destination) + payload


def udp(source_port, destination_port, payload):
    return struct.pack("!HHHH", source_port, destination_port, 8 + len(payload), 0) + payload


def ethernet(ether_type, payload, vlan=None):
    header = MAC_B + MAC_A
    if vlan is not None:
        header += struct.pack("!HH", 0x8100, vlan)
    frame = header + struct.pack("!H", ether_type) + payload
    return frame + b"\0" * max(0, 60 - len(frame))


def sll2(protocol, packet_type, payload):
    return struct.pack("!HHIHBB8s", protocol, 0, 2, 1, packet_type, 6, MAC_A + b"\0\0") + payload


def option(code, value):
    return struct.pack("<HH", code, len(value)) + value + b"\0" * (-len(value) % 4)


def block(block_type, body):
    length = 12 + len(body)
    return struct.pack("<II", block_type, length) + body + struct.pack("<I", length)


def section_header():
    options = option(4, b"sctpdp tests/data/make_captures.py") + option(0, b"")
    return block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1) + options)


def interface(link_type, snapshot_length, tsresol):
    options = option(9, bytes([tsresol])) + option(0, b"")
    return block(1, struct.pack("<HHI", link_type, 0, snapshot_length) + options)


def packet(timestamp_units, data, original_length=None):
    if original_length is None:
        original_length = len(data)
    body = struct.pack("<IIIII", 0, timestamp_units >> 32, timestamp_units & 0xFFFFFFFF, len(data),
                       original_length)
    return block(6, body + data + b"\0" * (-len(data) % 4))


def write(name, blocks):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(b"".join(blocks))


def main():
    init_frame = ethernet(0x0800, ipv4(132, IPV4_A, IPV4_B, INIT))
    arp = struct.pack("!HHBBH6s4s6s4s", 1, 0x0800, 6, 4, 1, MAC_A, IPV4_A, bytes(6), IPV4_B)
    base = 1700000000_123456789  # nanoseconds
    write("sctp-ethernet.pcapng", [
        section_header(),
        interface(1, 262144, 9),
        packet(base, init_frame),
        packet(base + 1_000, ethernet(0x86DD, ipv6(132, IPV6_A, IPV6_B, DATA), vlan=100)),
        packet(base + 2_000_000, ethernet(0x0806, arp)),
        packet(base + 3_000_000_000, ethernet(0x0800, ipv4(17, IPV4_B, IPV4_A,
                                                           udp(9899, 9899, SACK)))),
        packet(base + 3_000_000_001, init_frame[:40], len(init_frame)),
    ])
    micro = 1700000000_654321  # microseconds
    write("sctp-linux-sll2.pcapng", [
        section_header(),
        interface(276, 65535, 6),
        packet(micro, sll2(0x86DD, 4, ipv6(132, IPV6_A, IPV6_B, DATA))),
        packet(micro + 250, sll2(0x0800, 0, ipv4(132, IPV4_B, IPV4_A, SACK))),
    ])


if __name__ == "__main__":
    assert crc32c(b"123456789") == 0xE3069283  # the CRC32c check value
    main()
