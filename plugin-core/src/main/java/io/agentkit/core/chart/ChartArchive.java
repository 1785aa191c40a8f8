package io.agentkit.core.chart;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * Writes a chart archive that depends only on the chart's files and the given timestamp: entries
 * sorted by path under {@code <name>/}, regular files only, mode 0644, uid and gid 0 without
 * names, every mtime the build timestamp, and a gzip header without time or file name. Two builds
 * of the same sources give the same bytes (on the same zlib).
 *
 * <p>A chart whose entries all fit plain ustar headers (ASCII names under 100 bytes, a timestamp in whole seconds) is
 * written here with the JDK's Deflater, in the bytes commons-compress writes for it; any other goes to commons-compress,
 * which adds PAX headers. Why: commons-compress's writer, with the commons-io and commons-lang3 classes it pulls in, was
 * 54 of the classes package-chart loaded in every build. ChartArchiveTest holds the two writers to the same bytes.
 */
public final class ChartArchive {

  private static final int FILE_MODE = 0100644;
  /** Go's gzip writer, which helm uses, marks the OS as unknown. */
  private static final int OS_UNKNOWN = 255;

  private static final int RECORD = 512;
  private static final int NAME_LENGTH = 100;
  /** The largest size or time an 11-digit octal field holds; commons-compress writes a PAX header from this value on. */
  private static final long MAX_OCTAL_11 = 077777777777L;

  private ChartArchive() {}

  /**
   * @param files chart files by relative path, iterated in sorted order
   * @param mtime the timestamp every entry gets
   */
  public static byte[] write(String chartName, Map<String, byte[]> files, Instant mtime) throws IOException {
    Map<String, byte[]> sorted = new TreeMap<>(files);
    return fitsUstar(chartName, sorted, mtime) ? gzip(ustar(chartName, sorted, mtime.getEpochSecond())) : withCommonsCompress(chartName, sorted, mtime);
  }

  /** Whether every entry gets a plain ustar header from commons-compress, with no PAX header and nothing renamed. */
  static boolean fitsUstar(String chartName, Map<String, byte[]> files, Instant mtime) {
    if (mtime.getNano() != 0 || mtime.getEpochSecond() < 0 || mtime.getEpochSecond() >= MAX_OCTAL_11) {
      return false;
    }
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      String name = chartName + "/" + f.getKey();
      // commons-compress keeps a name of 100 bytes or more in a PAX header.
      if (name.length() >= NAME_LENGTH || name.endsWith("/") || f.getValue().length >= MAX_OCTAL_11) {
        return false;
      }
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        if (c < 0x20 || c > 0x7e || c == '\\') {
          return false;
        }
      }
    }
    return true;
  }

  /** The tar stream: a header and the data padded to 512 bytes per entry, then two zero records. */
  static byte[] ustar(String chartName, Map<String, byte[]> files, long mtimeSeconds) {
    ByteArrayOutputStream tar = new ByteArrayOutputStream();
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      byte[] data = f.getValue();
      tar.writeBytes(header(chartName + "/" + f.getKey(), data.length, mtimeSeconds));
      tar.writeBytes(data);
      tar.writeBytes(new byte[padding(data.length)]);
    }
    tar.writeBytes(new byte[2 * RECORD]);
    return tar.toByteArray();
  }

  private static byte[] header(String name, long size, long mtimeSeconds) {
    byte[] h = new byte[RECORD];
    byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(nameBytes, 0, h, 0, nameBytes.length);
    octal(h, 100, 8, FILE_MODE);
    octal(h, 108, 8, 0); // uid
    octal(h, 116, 8, 0); // gid
    octal(h, 124, 12, size);
    octal(h, 136, 12, mtimeSeconds);
    java.util.Arrays.fill(h, 148, 156, (byte) ' '); // the checksum counts its own field as spaces
    h[156] = '0'; // regular file
    System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 6);
    h[263] = '0';
    h[264] = '0';
    octal(h, 329, 8, 0); // devmajor
    octal(h, 337, 8, 0); // devminor
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    // Six digits, NUL, space: the checksum's own layout.
    octal(h, 148, 7, sum);
    h[154] = 0;
    h[155] = ' ';
    return h;
  }

  /** {@code length - 1} zero-padded octal digits and a space. */
  private static void octal(byte[] h, int offset, int length, long value) {
    String digits = Long.toOctalString(value);
    int pad = length - 1 - digits.length();
    for (int i = 0; i < pad; i++) {
      h[offset + i] = '0';
    }
    System.arraycopy(digits.getBytes(StandardCharsets.US_ASCII), 0, h, offset + pad, digits.length());
    h[offset + length - 1] = ' ';
  }

  private static int padding(int size) {
    return (RECORD - size % RECORD) % RECORD;
  }

  /** Gzip with the header commons-compress writes for {@link #gzipParameters()}: no time, no name, OS unknown. */
  static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 4 + 64);
    out.writeBytes(new byte[] {0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, (byte) OS_UNKNOWN});
    Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    try {
      deflater.setInput(data);
      deflater.finish();
      byte[] buffer = new byte[8192];
      while (!deflater.finished()) {
        out.write(buffer, 0, deflater.deflate(buffer));
      }
    } finally {
      deflater.end();
    }
    CRC32 crc = new CRC32();
    crc.update(data);
    littleEndian(out, crc.getValue());
    littleEndian(out, data.length);
    return out.toByteArray();
  }

  private static void littleEndian(ByteArrayOutputStream out, long value) {
    for (int i = 0; i < 4; i++) {
      out.write((int) (value >>> (8 * i)) & 0xff);
    }
  }

  private static GzipParameters gzipParameters() {
    GzipParameters gzip = new GzipParameters();
    gzip.setModificationTime(0);
    gzip.setOperatingSystem(OS_UNKNOWN);
    return gzip;
  }

  static byte[] withCommonsCompress(String chartName, Map<String, byte[]> sorted, Instant mtime) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes, gzipParameters()), "UTF-8")) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      for (Map.Entry<String, byte[]> f : sorted.entrySet()) {
        TarArchiveEntry entry = new TarArchiveEntry(chartName + "/" + f.getKey(), true);
        entry.setMode(FILE_MODE);
        entry.setSize(f.getValue().length);
        entry.setModTime(Date.from(mtime));
        entry.setUserId(0);
        entry.setGroupId(0);
        entry.setUserName("");
        entry.setGroupName("");
        tar.putArchiveEntry(entry);
        tar.write(f.getValue());
        tar.closeArchiveEntry();
      }
      tar.finish();
    }
    return bytes.toByteArray();
  }
}
