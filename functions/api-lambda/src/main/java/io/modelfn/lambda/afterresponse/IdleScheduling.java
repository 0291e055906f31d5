package io.modelfn.lambda.afterresponse;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.Optional;

/**
 * Puts the calling thread in Linux's {@code SCHED_IDLE} scheduling class: it then runs only on a core that no
 * ordinary thread wants. The after-response extension's thread runs there, so that on Lambda's one core its
 * wake-ups (the invocation's event arriving, the handler returning) never take the core from the runtime's thread
 * before the response is posted; its work, and its call for the next event, run once the runtime's thread blocks
 * after the post. An unprivileged thread may always lower itself to this class ({@code sched(7)}).
 *
 * <p>The call is {@code sched_setscheduler(0, SCHED_IDLE, {0})} through the Foreign Function and Memory API, reached
 * by reflection: the code is compiled for Java 21, where that API is a preview, and Lambda's Java 25 runtime has it
 * final. Where it cannot be made (another operating system, an older JDK, native access refused, the call refused),
 * the thread keeps its class and {@link #applyToCurrentThread} says why: the extension works as before, its thread
 * competing with the runtime's for the core.
 */
final class IdleScheduling {

    /** Linux's {@code SCHED_IDLE} policy. */
    static final int SCHED_IDLE = 5;

    private IdleScheduling() {
    }

    /**
     * Moves the calling thread to {@code SCHED_IDLE}.
     *
     * @return empty when it did; else why not
     */
    static Optional<String> applyToCurrentThread() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
            return Optional.of("not Linux");
        }
        try {
            Class<?> linkerType = Class.forName("java.lang.foreign.Linker");
            Class<?> segmentType = Class.forName("java.lang.foreign.MemorySegment");
            Class<?> layoutType = Class.forName("java.lang.foreign.MemoryLayout");
            Class<?> valueLayoutType = Class.forName("java.lang.foreign.ValueLayout");
            Class<?> descriptorType = Class.forName("java.lang.foreign.FunctionDescriptor");
            Class<?> optionType = Class.forName("java.lang.foreign.Linker$Option");
            Class<?> arenaType = Class.forName("java.lang.foreign.Arena");
            Class<?> allocatorType = Class.forName("java.lang.foreign.SegmentAllocator");

            Object linker = linkerType.getMethod("nativeLinker").invoke(null);
            Object lookup = linkerType.getMethod("defaultLookup").invoke(linker);
            Optional<?> symbol = (Optional<?>) Class.forName("java.lang.foreign.SymbolLookup").getMethod("find", String.class)
                    .invoke(lookup, "sched_setscheduler");
            if (symbol.isEmpty()) {
                return Optional.of("no sched_setscheduler in the C library");
            }
            Object intLayout = valueLayoutType.getField("JAVA_INT").get(null);
            Object addressLayout = valueLayoutType.getField("ADDRESS").get(null);
            Object arguments = Array.newInstance(layoutType, 3);
            Array.set(arguments, 0, intLayout);
            Array.set(arguments, 1, intLayout);
            Array.set(arguments, 2, addressLayout);
            Object descriptor = descriptorType.getMethod("of", layoutType, arguments.getClass()).invoke(null, intLayout, arguments);
            Method downcall = linkerType.getMethod("downcallHandle", segmentType, descriptorType,
                    Array.newInstance(optionType, 0).getClass());
            MethodHandle schedSetScheduler = (MethodHandle) downcall.invoke(linker, symbol.get(), descriptor,
                    Array.newInstance(optionType, 0));
            // struct sched_param { int sched_priority; }, zeroed: SCHED_IDLE takes priority 0.
            Object arena = arenaType.getMethod("global").invoke(null);
            Object param = allocatorType.getMethod("allocate", long.class).invoke(arena, 4L);
            segmentType.getMethod("fill", byte.class).invoke(param, (byte) 0);
            int result = (int) schedSetScheduler.invokeWithArguments(0, SCHED_IDLE, param);
            return result == 0 ? Optional.empty() : Optional.of("sched_setscheduler refused (" + result + ")");
        } catch (Throwable e) {
            // invokeWithArguments declares Throwable; every failure here only means the class stays as it is.
            return Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
