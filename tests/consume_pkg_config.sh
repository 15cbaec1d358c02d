#!/bin/sh
# ctest script: compile examples/consumer/consumer.cc against the dipx
# installed under PREFIX using only pkg-config, then run it.
set -eu
src=$1 prefix=$2 out=$3 samples=$4 cxx=$5
mkdir -p "$out"
PKG_CONFIG_PATH="$prefix/lib/pkgconfig:$prefix/lib/x86_64-linux-gnu/pkgconfig:${PKG_CONFIG_PATH:-}"
export PKG_CONFIG_PATH
flags=$(pkg-config --cflags dipx)
libs=$(pkg-config --libs --static dipx)
"$cxx" -std=c++17 $flags "$src" -o "$out/consumer" $libs
sample=$(ls "$samples"/*.txt | head -n 1)
"$out/consumer" "$sample"
