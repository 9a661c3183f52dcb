#!/usr/bin/env bash
# The flood of the hardening review against a fresh node: bench/flood/run.sh server/target/parley.jar PORT ITERATIONS
# (SERVE_ARGS="--new-visitors-per-minute 1000000" to measure without the per-address limit; HISTO=1 for a class histogram)
set -e
JAR=$1; PORT=$2; N=$3
J=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
D=$(mktemp -d /tmp/flood-XXXX)
out=$($J -jar $JAR admin create-site --data $D/data --name Flood --owner-email o@flood.test --owner-password 'flood password 1' 2>&1)
key=$(echo "$out" | grep -o '"siteKey":"[^"]*"' | cut -d'"' -f4)
$J -XX:+UseSerialGC -Xmx1g -jar $JAR serve --data $D/data --host 127.0.0.1 --port $PORT $SERVE_ARGS > $D/server.log 2>&1 &
pid=$!
for i in $(seq 1 100); do curl -sf http://127.0.0.1:$PORT/health >/dev/null && break; sleep 0.2; done
jcmd $pid GC.run >/dev/null; base=$(jcmd $pid GC.heap_info | grep -E "^(DefNew|Tenured)" | grep -o "used [0-9]*K" | tr "\n" " ")
$J -cp $JAR "$(dirname "$0")/Flood.java" $PORT $key o@flood.test 'flood password 1' $N 55
# until the node has seen every flood connection close (at most 10 s)
for i in $(seq 1 100); do curl -sf http://127.0.0.1:$PORT/metrics | grep -q '^parley_websocket_connections 0' && break; sleep 0.1; done
jcmd $pid GC.run >/dev/null; after=$(jcmd $pid GC.heap_info | grep -E "^(DefNew|Tenured)" | grep -o "used [0-9]*K" | tr "\n" " ")
echo "heap used after full GC (DefNew, Tenured): before $base, after $after"
[ -n "$HISTO" ] && jcmd $pid GC.class_histogram | head -22
kill $pid; wait $pid 2>/dev/null || true
echo "parley.db $(du -h $D/data/parley.db | cut -f1), page_view rows $(sqlite3 $D/data/parley.db 'select count(*) from page_view'), blocked-thread warnings $(grep -c 'Thread blocked' $D/server.log || true)"
rm -rf $D
