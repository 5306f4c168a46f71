package org.songprint.fingerprint.index.packed;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Gives back to the system the heap a big build grew. Building an index or its excerpt postings
 * allocates several times what it keeps (arrays per chunk, sort keys), and G1 keeps heap it once
 * committed until a full collection shrinks it: at 1 M fingerprints the service held 2.4 GB of heap
 * for 1.2 GB of index. After such a build, one full collection (tens of milliseconds: the heap is
 * mostly large arrays of primitives) with at most a fifth of the heap left free returns the rest.
 */
public final class HeapRelease {

    private static final Logger LOG = Logger.getLogger(HeapRelease.class);
    /** Free heap kept after a collection, in percent: room for the young generation of a lookup load. */
    static final int MAX_FREE_PERCENT = 20;
    static final int MIN_FREE_PERCENT = 10;
    /** The free ratios the operator left to the JVM, and the JVM's values for them. */
    private static Map<String, String> defaults;

    private HeapRelease() {
    }

    /** Collects once and shrinks the heap to what is in use plus {@link #MAX_FREE_PERCENT}. */
    public static synchronized void afterBuild(String what) {
        setFreeRatios(true);
        Runtime runtime = Runtime.getRuntime();
        long before = runtime.totalMemory();
        long started = System.nanoTime();
        System.gc();
        // Left lowered, the ratios would shrink the heap again at every concurrent cycle, and the
        // young generation would grow back into freshly committed memory: page faults, each page
        // zeroed by the kernel, billed to the threads that allocate, lookups among them.
        setFreeRatios(false);
        LOG.infof("%s built: heap %d MB committed before one full collection (%d ms), %d MB after, %d MB of it in use",
                what, before >> 20, (System.nanoTime() - started) / 1_000_000, runtime.totalMemory() >> 20,
                (runtime.totalMemory() - runtime.freeMemory()) >> 20);
    }

    /**
     * Lowers the free ratios, or puts back the JVM's own. Its defaults leave up to 70 % of the heap
     * free after a collection; both ratios can be changed at run time. Settings an operator gave with
     * -XX are kept (read once, before this class changes any).
     */
    private static void setFreeRatios(boolean lowered) {
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (defaults == null) {
                defaults = new LinkedHashMap<>();
                for (String option : List.of("MinHeapFreeRatio", "MaxHeapFreeRatio")) {
                    VMOption current = vm.getVMOption(option);
                    if (current.getOrigin() == VMOption.Origin.DEFAULT) {
                        defaults.put(option, current.getValue());
                    }
                }
            }
            // the JVM refuses a maximum below the minimum: lowered minimum first, restored maximum first
            List<String> order = new ArrayList<>(defaults.keySet());
            if (!lowered) {
                Collections.reverse(order);
            }
            for (String option : order) {
                int low = option.startsWith("Min") ? MIN_FREE_PERCENT : MAX_FREE_PERCENT;
                vm.setVMOption(option, lowered ? Integer.toString(low) : defaults.get(option));
            }
        } catch (RuntimeException e) {
            LOG.debugf("heap free ratios left as they are: %s", e.toString());
        }
    }
}
