package dev.quicperf.environment.profile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The section names of a 64-bit ELF file: enough to tell whether perf can unwind a native
 * server with DWARF call frame information ({@code .eh_frame}) or must follow frame pointers.
 * Go binaries, for one, carry no {@code .eh_frame} but keep frame pointers.
 */
public final class ElfSections {

    private ElfSections() {
    }

    /** The names, or empty when the file is no 64-bit ELF or cannot be read. */
    public static Set<String> of(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer header = read(ch, 0, 64);
            if (header.getInt(0) != 0x7F454C46 || header.get(4) != 2) {
                return Set.of();
            }
            header.order(header.get(5) == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
            long sectionTable = header.getLong(0x28);
            int entrySize = Short.toUnsignedInt(header.getShort(0x3A));
            int count = Short.toUnsignedInt(header.getShort(0x3C));
            int namesIndex = Short.toUnsignedInt(header.getShort(0x3E));
            if (sectionTable == 0 || entrySize < 64 || count == 0 || namesIndex >= count) {
                return Set.of();
            }
            ByteBuffer table = read(ch, sectionTable, (long) entrySize * count).order(header.order());
            long namesOffset = table.getLong(namesIndex * entrySize + 0x18);
            long namesSize = table.getLong(namesIndex * entrySize + 0x20);
            ByteBuffer names = read(ch, namesOffset, Math.min(namesSize, 1 << 20));
            Set<String> out = new LinkedHashSet<>();
            for (int i = 0; i < count; i++) {
                int at = table.getInt(i * entrySize);
                int end = at;
                while (end < names.limit() && names.get(end) != 0) {
                    end++;
                }
                if (at < names.limit()) {
                    byte[] name = new byte[end - at];
                    names.get(at, name);
                    out.add(new String(name, StandardCharsets.US_ASCII));
                }
            }
            return out;
        } catch (IOException | RuntimeException e) {
            return Set.of();
        }
    }

    private static ByteBuffer read(FileChannel ch, long offset, long length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) length);
        while (buf.hasRemaining() && ch.read(buf, offset + buf.position()) > 0) {
            // keep reading
        }
        return buf.flip();
    }
}
