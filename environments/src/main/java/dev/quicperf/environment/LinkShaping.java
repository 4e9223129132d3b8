package dev.quicperf.environment;

import java.util.List;
import java.util.Optional;

/**
 * What the veth link between the client's and the server's namespaces does to packets: nothing,
 * a token-bucket rate limit ({@code tbf}), or netem's delay and loss, the study's 0.2 ms RTT
 * testbed and the WAN and lossy links users ask about. Applied on both ends, so a delay is half
 * the round trip each way.
 *
 * @param suffix what the environment id gets, e.g. {@code wan} in {@code linux-netns-wan}
 * @param qdisc the {@code tc qdisc add dev <dev> root} arguments, empty for none
 */
public record LinkShaping(String suffix, String description, List<String> qdisc) {

    public static final LinkShaping NONE = new LinkShaping("", "no shaping", List.of());
    /** The study's testbed: two hosts with a 0.2 ms round trip. */
    public static final LinkShaping LAN = new LinkShaping("lan", "netem 0.1 ms each way (0.2 ms RTT, the study's testbed)",
            List.of("netem", "delay", "100us", "limit", "100000"));
    public static final LinkShaping WAN = new LinkShaping("wan", "netem 25 ms each way (50 ms RTT)",
            List.of("netem", "delay", "25ms", "limit", "100000"));
    public static final LinkShaping LOSSY = new LinkShaping("lossy", "netem 1% loss each way",
            List.of("netem", "loss", "1%", "limit", "100000"));
    /** A gigabit link: tbf, which needs no netem. */
    public static final LinkShaping GIGABIT = new LinkShaping("1gbit", "tbf 1 Gbit/s each way",
            List.of("tbf", "rate", "1gbit", "burst", "256kb", "latency", "10ms"));

    public static final List<LinkShaping> ALL = List.of(NONE, LAN, WAN, LOSSY, GIGABIT);

    public boolean needsNetem() {
        return !qdisc.isEmpty() && qdisc.get(0).equals("netem");
    }

    public Optional<String> qdiscKind() {
        return qdisc.isEmpty() ? Optional.empty() : Optional.of(qdisc.get(0));
    }
}
