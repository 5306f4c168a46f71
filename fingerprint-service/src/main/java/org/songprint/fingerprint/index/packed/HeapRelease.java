package org.songprint.fingerprint.index.packed;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
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

    private HeapRelease() {
    }

    /** Collects once and shrinks the heap to what is in use plus {@link #MAX_FREE_PERCENT}. */
    public static void afterBuild(String what) {
        lowerFreeRatios();
        Runtime runtime = Runtime.getRuntime();
        long before = runtime.totalMemory();
        long started = System.nanoTime();
        System.gc();
        LOG.infof("%s built: heap %d MB committed before one full collection (%d ms), %d MB after, %d MB of it in use",
                what, before >> 20, (System.nanoTime() - started) / 1_000_000, runtime.totalMemory() >> 20,
                (runtime.totalMemory() - runtime.freeMemory()) >> 20);
    }

    /**
     * The JVM's defaults leave up to 70 % of the heap free after a collection; both ratios can be
     * changed at run time. Settings an operator gave with -XX are kept.
     */
    private static void lowerFreeRatios() {
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            // the minimum first: the JVM refuses a maximum below the minimum
            setIfDefault(vm, "MinHeapFreeRatio", MIN_FREE_PERCENT);
            setIfDefault(vm, "MaxHeapFreeRatio", MAX_FREE_PERCENT);
        } catch (RuntimeException e) {
            LOG.debugf("heap free ratios left as they are: %s", e.toString());
        }
    }

    private static void setIfDefault(HotSpotDiagnosticMXBean vm, String option, int value) {
        if (vm.getVMOption(option).getOrigin() == VMOption.Origin.DEFAULT) {
            vm.setVMOption(option, Integer.toString(value));
        }
    }
}
