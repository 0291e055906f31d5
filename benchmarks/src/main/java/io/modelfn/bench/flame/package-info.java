/** Where the CPU goes: JFR stack samples folded into collapsed stacks and drawn as flame graphs (SVG). */
package io.modelfn.bench.flame;
