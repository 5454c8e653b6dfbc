package dev.netcost.collector.common;

/**
 * Marker of a {@code netcost collect <name>} subcommand: a picocli-annotated class with a public
 * no-argument constructor, listed in {@code META-INF/services/
 * dev.netcost.collector.common.CollectorSubcommand}. The collector main finds every such class on
 * the class path with {@link java.util.ServiceLoader}, so each collector module registers itself
 * without the main depending on it.
 */
public interface CollectorSubcommand {}
