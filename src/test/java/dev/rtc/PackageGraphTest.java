package dev.rtc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * No package of rtc imports a package that imports it back, directly or around a longer loop: checked
 * over the compiled classes with the JDK's own {@code jdeps}, as anyone can run it by hand:
 * {@code jdeps -verbose:package -filter:none target/classes | grep '-> dev.rtc'}.
 */
class PackageGraphTest {
    private static final Pattern EDGE = Pattern.compile("^\\s*(dev\\.rtc[\\w.]*)\\s+->\\s+(dev\\.rtc[\\w.]*)\\s", Pattern.MULTILINE);

    @Test
    void thePackageGraphHasNoCycle() {
        Map<String, Set<String>> graph = graph(Path.of("target", "classes"));
        assertTrue(graph.size() > 10, "jdeps found too few packages: " + graph.keySet());

        assertEquals(List.of(), cycles(graph), "packages that import each other (each group is one cycle)");
    }

    @Test
    void theCheckFindsALoop() {
        Map<String, Set<String>> graph = new TreeMap<>(Map.of(
                "a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a", "d"), "d", Set.of()));

        assertEquals(List.of(List.of("a", "b", "c")), cycles(graph));
    }

    static Map<String, Set<String>> graph(Path classes) {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("no jdeps in this JDK"));
        StringWriter out = new StringWriter();
        int code = jdeps.run(new PrintWriter(out), new PrintWriter(out), "-verbose:package", "-filter:none", classes.toString());
        assertEquals(0, code, out.toString());
        Map<String, Set<String>> graph = new TreeMap<>();
        Matcher m = EDGE.matcher(out.toString());
        while (m.find()) {
            graph.computeIfAbsent(m.group(1), k -> new TreeSet<>());
            graph.computeIfAbsent(m.group(2), k -> new TreeSet<>());
            if (!m.group(1).equals(m.group(2))) graph.get(m.group(1)).add(m.group(2));
        }
        return graph;
    }

    /** The strongly connected components with more than one package (Tarjan), each sorted. */
    static List<List<String>> cycles(Map<String, Set<String>> graph) {
        return new Object() {
            final Map<String, Integer> index = new TreeMap<>();
            final Map<String, Integer> low = new TreeMap<>();
            final List<String> stack = new ArrayList<>();
            final Set<String> onStack = new TreeSet<>();
            final List<List<String>> found = new ArrayList<>();

            List<List<String>> run() {
                for (String v : graph.keySet()) if (!index.containsKey(v)) visit(v);
                return found;
            }

            void visit(String v) {
                index.put(v, index.size());
                low.put(v, index.get(v));
                stack.add(v);
                onStack.add(v);
                for (String w : graph.getOrDefault(v, Set.of())) {
                    if (!index.containsKey(w)) {
                        visit(w);
                        low.put(v, Math.min(low.get(v), low.get(w)));
                    } else if (onStack.contains(w)) {
                        low.put(v, Math.min(low.get(v), index.get(w)));
                    }
                }
                if (low.get(v).equals(index.get(v))) {
                    List<String> component = new ArrayList<>();
                    String w;
                    do {
                        w = stack.remove(stack.size() - 1);
                        onStack.remove(w);
                        component.add(w);
                    } while (!w.equals(v));
                    if (component.size() > 1) found.add(component.stream().sorted().toList());
                }
            }
        }.run();
    }
}
