#!/usr/bin/env python3
"""Sends hostile traffic at an SCTP endpoint through an AF_PACKET socket.

Usage: hostile_frames.py IFACE DST_MAC SRC_IP DST_IP PORT COUNT

Per round: a frame of random bytes, an IPv4 packet whose length field
lies, an SCTP packet with a bad CRC32c, one with a good CRC32c and a wrong
verification tag (a DATA chunk), and an INIT with a good CRC32c from a new
source port (the flood the endpoint must answer statelessly). Prints how
many frames it sent. The CRC32c is computed here, independently of sctpdp.
"""
import os
import random
import socket
import struct
import sys
import time

POLY = 0x82F63B78
TABLE = []
for i in range(256):
    c = i
    for _ in range(8):
        c = (c >> 1) ^ POLY if c & 1 else c >> 1
    TABLE.append(c)


def crc32c(data: bytes) -> int:
    crc = 0xFFFFFFFF
    for b in data:
        crc = TABLE[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def checksum16(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def sctp(src_port, dst_port, tag, chunks, good_crc=True):
    header = struct.pack("!HHII", src_port, dst_port, tag, 0)
    packet = header + chunks
    crc = crc32c(packet)
    if not good_crc:
        crc ^= 0x5A5A5A5A
    # RFC 9260 appendix A: the CRC32c goes in little-endian byte order.
    return packet[:8] + struct.pack("<I", crc) + packet[12:]


def ipv4(src, dst, payload, lie=0):
    header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload) + lie, 0, 0x4000, 64, 132,
                         0, socket.inet_aton(src), socket.inet_aton(dst))
    header = header[:10] + struct.pack("!H", checksum16(header)) + header[12:]
    return header + payload


def main():
    iface, dst_mac, src_ip, dst_ip, port, count = sys.argv[1:7]
    port, count = int(port), int(count)
    dst = bytes.fromhex(dst_mac.replace(":", ""))
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    sock.bind((iface, 0))
    src = bytes.fromhex(open(f"/sys/class/net/{iface}/address").read().strip().replace(":", ""))
    eth = dst + src + b"\x08\x00"
    rng = random.Random(7)
    data = struct.pack("!BBHIHHI", 0, 0x03, 16 + 4, rng.getrandbits(32), 0, 0, 0) + b"evil"
    sent = 0
    for i in range(count):
        frames = [
            dst + src + os.urandom(rng.randrange(2, 80)),
            eth + ipv4(src_ip, dst_ip, sctp(50000, port, 1, data), lie=400),
            eth + ipv4(src_ip, dst_ip, sctp(50001, port, rng.getrandbits(32), data, good_crc=False)),
            eth + ipv4(src_ip, dst_ip, sctp(50002, port, rng.getrandbits(32) | 1, data)),
        ]
        init = struct.pack("!BBHIIHHI", 1, 0, 20, rng.getrandbits(32) | 1, 65535, 10, 10,
                           rng.getrandbits(32))
        frames.append(eth + ipv4(src_ip, dst_ip, sctp(20000 + i % 20000, port, 0, init)))
        for frame in frames:
            sock.send(frame)
            sent += 1
        # Bursts of 250 frames at most: the daemon's receive ring holds 4096,
        # and every frame must be counted, even while the machine is busy.
        if i % 50 == 49:
            time.sleep(0.002)
    print(sent)


if __name__ == "__main__":
    main()
