package dev.ocipkg.internal.store;

import java.io.IOException;
import java.io.Writer;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The text of a record file: {@code key=value} lines, escaped as {@link Properties#store(Writer,
 * String)} escapes them (so {@link Properties#load(java.io.Reader)} reads them back), in key order,
 * without the date comment that {@code store} always writes. Formatting that date looks up the time
 * zone's name, which loads the JDK's locale data (CLDR, resource bundles): a tenth of a second of a
 * fresh JVM's first load, for a line that nothing reads.
 */
final class RecordFormat {
  private RecordFormat() {}

  static void write(Properties record, Writer out) throws IOException {
    for (String key : new TreeSet<>(record.stringPropertyNames())) {
      escape(key, true, out);
      out.write('=');
      escape(record.getProperty(key), false, out);
      out.write('\n');
    }
  }

  /** {@code text} escaped: a key's spaces all, a value's only a leading one. */
  private static void escape(String text, boolean key, Writer out) throws IOException {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> out.write("\\\\");
        case ' ' -> out.write(key || i == 0 ? "\\ " : " ");
        case '\t' -> out.write("\\t");
        case '\n' -> out.write("\\n");
        case '\r' -> out.write("\\r");
        case '\f' -> out.write("\\f");
        case '=', ':', '#', '!' -> {
          out.write('\\');
          out.write(c);
        }
        default -> out.write(c);
      }
    }
  }
}
