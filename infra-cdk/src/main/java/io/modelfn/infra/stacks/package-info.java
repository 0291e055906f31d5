/** The stacks of a stage (data, serving, GPU): they only create constructs and wire them together. */
package io.modelfn.infra.stacks;
