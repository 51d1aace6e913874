#!/bin/sh
# Creates the directory tree that ResticCompatibilityTest backs up with restic: every kind of node restic 0.14
# records without special privileges, and names that exercise Go's quoting and JSON escaping.
# Usage: restic-fixture.sh DIR   (creates DIR/data; run with TZ set to get non-UTC times)
set -eu
cd "$1"
mkdir -p data/sub data/emptydir data/sticky
printf 'hello\n' > data/f.txt
: > data/empty
ln data/f.txt data/hardlink
ln -s f.txt data/link
ln -s "$(printf 't\010x<&>\342\200\250y\303\251')" data/odd-link
mkfifo data/fifo
chmod 1777 data/sticky
printf 'x' > data/sub/suid
chmod 4755 data/sub/suid
printf 'old' > data/old
touch -d '1910-06-01 12:00:00' data/old
touch -d '2023-11-14 22:13:20.123456789' data/empty
for n in 'a"b\c<d>&e' "$(printf 'tab\tthere')" "$(printf 'nbsp\302\240x')" "$(printf 'ls\342\200\250x')" \
    "$(printf 'emoji\360\237\230\200')" "$(printf 'zw\342\200\213j')" "$(printf 'del\177x')" \
    "$(printf 'ctl\001x')" "$(printf 'caf\303\251')" "$(printf 'bad\377name')" "$(printf 'nl\nx')" \
    "$(printf 'pua\356\200\200')" "$(printf 'ideo\343\200\200sp')" 'back\slash' "it's"; do
  printf 'x' > "data/sub/$n"
done
