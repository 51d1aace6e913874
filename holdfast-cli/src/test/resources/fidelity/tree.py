#!/usr/bin/env python3
"""Torture tree and independent oracle for the file-system fidelity suite (FidelityIT).

  tree.py build DIR        creates DIR (absent before) holding every kind of file-system object; prints JSON
                           {"created": [feature...], "absent": {feature: reason}}
  tree.py change DIR        appends a line to DIR's file x\\xff
  tree.py manifest DIR     prints a JSON manifest of DIR: one entry per object (relative path as hex bytes) with
                           every attribute a restore must reproduce

Everything works on bytes and on directory descriptors, so names that are not UTF-8 and paths longer than PATH_MAX
are handled exactly, and every open uses O_NOATIME where the kernel allows it, so taking a manifest leaves the tree's
access times as they were.
"""

import errno
import hashlib
import json
import os
import socket
import stat
import struct
import sys

NOATIME = getattr(os, "O_NOATIME", 0)
MTIME = 1_500_000_000_123_456_789  # 2017-07-14, with nanoseconds
ATIME = 1_400_000_000_987_654_321


def fd_path(dirfd, name):
    """A path naming `name` in the directory open at `dirfd`, short whatever the directory's depth."""
    return b"/proc/self/fd/%d/%s" % (dirfd, name)


def open_dir(name, dirfd=None):
    flags = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW
    try:
        return os.open(name, flags | NOATIME, dir_fd=dirfd)
    except PermissionError:
        return os.open(name, flags, dir_fd=dirfd)


def open_file(name, dirfd):
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK
    try:
        return os.open(name, flags | NOATIME, dir_fd=dirfd)
    except PermissionError:
        return os.open(name, flags, dir_fd=dirfd)


# ---------------------------------------------------------------------------------------------------------- build


class Builder:
    def __init__(self, root):
        self.root = root
        self.created = []
        self.absent = {}
        self.times = []  # (dirfd-free absolute path or (parent fd path, name)) set last, deepest first

    def feature(self, name, fn):
        try:
            fn()
            self.created.append(name)
        except OSError as e:
            self.absent[name] = "%s (%s)" % (os.strerror(e.errno), errno.errorcode.get(e.errno, e.errno))

    def file(self, rel, data=b"", mode=0o644):
        p = os.path.join(self.root, rel)
        with open(p, "wb") as f:
            f.write(data)
        os.chmod(p, mode)
        return p

    def build(self):
        r = self.root
        os.mkdir(r)
        j = lambda *a: os.path.join(r, *a)
        os.mkdir(j(b"empty-dir"))
        self.file(b"empty-file")
        self.file(b"plain.txt", b"hello fidelity\n" * 1000)
        self.feature("non-ascii names", lambda: self.file("café-ñ-日本.txt".encode(), b"utf-8 name\n"))
        self.feature("invalid utf-8 names", lambda: (self.file(b"x\xff", b"ff\n"), self.file(b"x\xfe", b"fe\n")))
        self.feature("newline in a name", lambda: self.file(b"line\nbreak", b"newline\n"))
        self.feature("255-byte name", lambda: self.file(b"n" * 251 + b".txt", b"long name\n"))

        os.mkdir(j(b"links"))
        self.file(b"links/target.txt", b"symlink target\n")
        self.feature("relative symlink", lambda: os.symlink(b"target.txt", j(b"links", b"relative")))
        self.feature("absolute symlink", lambda: os.symlink(b"/etc/hostname", j(b"links", b"absolute")))
        self.feature("dangling symlink", lambda: os.symlink(b"../nowhere/at-all", j(b"links", b"dangling")))
        self.feature("symlink to a directory", lambda: os.symlink(b"../empty-dir", j(b"links", b"to-dir")))
        self.feature("symlink with a non-UTF-8 target", lambda: os.symlink(b"x\xff", j(b"links", b"raw-target")))

        os.mkdir(j(b"hard"))
        os.mkdir(j(b"hard", b"other"))
        self.file(b"hard/first", b"one inode, three names\n" * 100)
        self.feature(
            "hard links within and across directories",
            lambda: (os.link(j(b"hard", b"first"), j(b"hard", b"second")),
                     os.link(j(b"hard", b"first"), j(b"hard", b"other", b"third"))))

        os.mkdir(j(b"special"))
        self.feature("FIFO with no writer", lambda: os.mkfifo(j(b"special", b"fifo"), 0o640))
        self.feature("character device", lambda: os.mknod(j(b"special", b"null"), stat.S_IFCHR | 0o600,
                                                          os.makedev(1, 3)))
        self.feature("block device", lambda: os.mknod(j(b"special", b"loop"), stat.S_IFBLK | 0o600,
                                                      os.makedev(7, 200)))

        def sock():
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.bind(j(b"special", b"socket"))
            s.close()

        self.feature("socket", sock)

        os.mkdir(j(b"modes"))
        self.feature("setuid file", lambda: self.file(b"modes/setuid", b"#!/bin/sh\n", 0o4755))
        self.feature("setgid file", lambda: self.file(b"modes/setgid", b"#!/bin/sh\n", 0o2750))
        self.feature("setgid directory", lambda: (os.mkdir(j(b"modes", b"setgid-dir")),
                                                  os.chmod(j(b"modes", b"setgid-dir"), 0o2775)))
        self.feature("sticky directory", lambda: (os.mkdir(j(b"modes", b"sticky")),
                                                  os.chmod(j(b"modes", b"sticky"), 0o1777)))
        self.file(b"modes/private", b"secret\n", 0o600)

        os.mkdir(j(b"xattr"))
        x = self.file(b"xattr/file", b"attributes\n")
        self.feature("user xattr", lambda: os.setxattr(x, b"user.comment", b"a user attribute\x00\xff"))
        self.feature("trusted xattr", lambda: os.setxattr(x, b"trusted.holdfast", b"trusted value"))
        self.feature("trusted xattr on a symlink",
                     lambda: (os.symlink(b"file", j(b"xattr", b"link")),
                              os.setxattr(j(b"xattr", b"link"), b"trusted.link", b"on the link",
                                          follow_symlinks=False)))
        # vfs_cap_data revision 2, cap_net_bind_service (10) permitted and effective
        cap = struct.pack("<IIIII", 0x02000000 | 1, 1 << 10, 0, 0, 0)
        self.feature("file capability (security.capability)",
                     lambda: os.setxattr(self.file(b"xattr/cap", b"#!/bin/sh\n", 0o755), b"security.capability", cap))
        # POSIX ACL xattrs: version 2, entries (tag, perm, id): user::rw- user:1234:r-- group::r-- mask::r-- other::---
        acl = struct.pack("<I", 2) + b"".join(struct.pack("<HHI", t, p, i) for t, p, i in
                                              [(1, 6, 0xFFFFFFFF), (2, 4, 1234), (4, 4, 0xFFFFFFFF),
                                               (0x10, 4, 0xFFFFFFFF), (0x20, 0, 0xFFFFFFFF)])
        self.feature("access ACL", lambda: os.setxattr(self.file(b"xattr/acl", b"acl\n", 0o640),
                                                       b"system.posix_acl_access", acl))
        self.feature("default ACL", lambda: (os.mkdir(j(b"xattr", b"acl-dir")),
                                             os.setxattr(j(b"xattr", b"acl-dir"), b"system.posix_acl_default", acl)))

        def sparse():
            with open(j(b"sparse"), "wb") as f:
                f.write(b"S" * 4096)
                f.seek(32 << 20)
                f.write(b"E" * 4096)
                f.truncate(64 << 20)

        self.feature("sparse file", sparse)

        def deep(name, levels, leaf):
            fd = open_dir(r)
            os.mkdir(name, dir_fd=fd)
            fds = [fd]
            for _ in range(levels):
                nfd = open_dir(name, fds[-1])
                fds.append(nfd)
                os.mkdir(name, dir_fd=nfd)
            last = open_dir(name, fds[-1])
            fds.append(last)
            f = os.open(b"leaf", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=last)
            os.write(f, leaf)
            os.close(f)
            for d in fds:
                os.close(d)

        self.feature("nesting depth 300", lambda: deep(b"d", 300, b"deep\n"))
        self.feature("path longer than PATH_MAX", lambda: deep(b"L" * 200, 24, b"beyond PATH_MAX\n"))

        set_times(r)
        return {"created": self.created, "absent": self.absent}


def set_times(root):
    """Nanosecond times on everything, children before their directory (whose mtime they change)."""

    def walk(dirfd):
        for e in os.scandir(dirfd):
            name = os.fsencode(e.name)
            if e.is_dir(follow_symlinks=False):
                sub = open_dir(name, dirfd)
                try:
                    walk(sub)
                finally:
                    os.close(sub)
            k = len(name) % 7
            os.utime(name, ns=(ATIME + k, MTIME + k * 1_000_000_001), dir_fd=dirfd, follow_symlinks=False)

    fd = open_dir(root)
    try:
        walk(fd)
    finally:
        os.close(fd)
    os.utime(root, ns=(ATIME, MTIME), follow_symlinks=False)


# ------------------------------------------------------------------------------------------------------- manifest

KINDS = {stat.S_IFREG: "file", stat.S_IFDIR: "dir", stat.S_IFLNK: "symlink", stat.S_IFIFO: "fifo",
         stat.S_IFCHR: "chardev", stat.S_IFBLK: "blockdev", stat.S_IFSOCK: "socket"}


def xattrs(path):
    try:
        names = os.listxattr(path, follow_symlinks=False)
    except OSError as e:
        if e.errno in (errno.ENOTSUP, errno.EPERM):
            return {}
        raise
    out = {}
    for n in sorted(names):
        try:
            out[n] = os.getxattr(path, n, follow_symlinks=False).hex()
        except OSError as e:
            out[n] = "unreadable: " + os.strerror(e.errno)
    return out


def digest(name, dirfd):
    h = hashlib.sha256()
    fd = open_file(name, dirfd)
    try:
        while True:
            b = os.read(fd, 1 << 20)
            if not b:
                break
            h.update(b)
    finally:
        os.close(fd)
    return h.hexdigest()


def manifest(root):
    entries = {}
    inodes = {}

    def entry(rel, name, dirfd, st):
        kind = KINDS[stat.S_IFMT(st.st_mode)]
        e = {"type": kind, "mode": oct(stat.S_IMODE(st.st_mode)), "uid": st.st_uid, "gid": st.st_gid,
             "mtime": st.st_mtime_ns, "atime": st.st_atime_ns,
             "xattrs": xattrs(fd_path(dirfd, name) if dirfd is not None else name)}
        if kind == "file":
            e["size"] = st.st_size
            e["sha256"] = digest(name, dirfd)
            e["allocated"] = st.st_blocks * 512
            e["nlink"] = st.st_nlink
            inodes.setdefault((st.st_dev, st.st_ino), []).append(rel)
        elif kind == "symlink":
            del e["atime"]  # readlink(2) sets a symlink's atime; nothing that reads the target can keep it
            e["target"] = os.readlink(name, dir_fd=dirfd).hex()
        elif kind in ("chardev", "blockdev"):
            e["rdev"] = [os.major(st.st_rdev), os.minor(st.st_rdev)]
        entries[rel.hex()] = e
        return kind

    def walk(dirfd, rel):
        for de in sorted(os.scandir(dirfd), key=lambda d: os.fsencode(d.name)):
            name = os.fsencode(de.name)
            sub_rel = rel + b"/" + name if rel else name
            st = os.stat(name, dir_fd=dirfd, follow_symlinks=False)
            if entry(sub_rel, name, dirfd, st) == "dir":
                sub = open_dir(name, dirfd)
                try:
                    walk(sub, sub_rel)
                finally:
                    os.close(sub)

    # the root's own attributes first, its xattrs through its path
    st = os.stat(root, follow_symlinks=False)
    e = {"type": "dir", "mode": oct(stat.S_IMODE(st.st_mode)), "uid": st.st_uid, "gid": st.st_gid,
         "mtime": st.st_mtime_ns, "atime": st.st_atime_ns, "xattrs": xattrs(root)}
    fd = open_dir(root)
    try:
        walk(fd, b"")
    finally:
        os.close(fd)
    entries[b".".hex()] = e
    for names in inodes.values():
        for n in names:
            entries[n.hex()]["same_inode_as"] = sorted(x.hex() for x in names if x != n)
    return entries


def main():
    cmd, path = sys.argv[1], os.fsencode(sys.argv[2])
    os.umask(0o022)
    if cmd == "build":
        result = Builder(path).build()
    elif cmd == "change":
        with open(os.path.join(path, b"x\xff"), "ab") as f:
            f.write(b"changed\n")
        result = {"changed": "x\\xff"}
    elif cmd == "manifest":
        result = manifest(path)
    else:
        raise SystemExit("usage: tree.py build|change|manifest DIR")
    json.dump(result, sys.stdout, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
