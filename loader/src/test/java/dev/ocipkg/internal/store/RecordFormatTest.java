package dev.ocipkg.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class RecordFormatTest {
  private static String written(Properties record) throws IOException {
    StringWriter out = new StringWriter();
    RecordFormat.write(record, out);
    return out.toString();
  }

  private static Properties read(String text) throws IOException {
    Properties p = new Properties();
    p.load(new StringReader(text));
    return p;
  }

  @Test
  void whatIsWrittenReadsBackTheSame() throws IOException {
    Properties record = new Properties();
    record.setProperty("ghcr.io/acme/x:1.0@linux/amd64", "sha256:abc 1700000000000");
    record.setProperty("127.0.0.1:5000", "http 1");
    record.setProperty(" key with = and # and !", "  two leading spaces\\ and a backslash");
    record.setProperty("lines", "one\ntwo\rthree\tfour\ffive");
    record.setProperty("unicode", "été ✓");
    record.setProperty("empty", "");

    assertThat(read(written(record))).isEqualTo(record);
  }

  @Test
  void writesNoDateCommentAndSortsTheKeys() throws IOException {
    Properties record = new Properties();
    record.setProperty("b", "2");
    record.setProperty("a", "1");

    assertThat(written(record)).isEqualTo("a=1\nb=2\n");
  }
}
