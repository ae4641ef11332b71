package dev.ocipkg.internal.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.SequenceInputStream;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReadAheadInputStreamTest {
  private static final int CHUNK = ReadAheadInputStream.CHUNK_BYTES;

  @ParameterizedTest
  @ValueSource(ints = {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 7 * CHUNK / 2, 20 * CHUNK})
  void everyByteArrivesInOrder(int size) throws IOException {
    byte[] bytes = random(size);
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    try (InputStream in = ReadAheadInputStream.start(new ByteArrayInputStream(bytes))) {
      // Single bytes and odd-sized reads across chunk borders.
      for (int i = 0; i < 3; i++) {
        int b = in.read();
        if (b >= 0) {
          copy.write(b);
        }
      }
      byte[] buffer = new byte[12_345];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        copy.write(buffer, 0, n);
      }
      assertThat(in.read()).isEqualTo(-1);
    }
    assertThat(copy.toByteArray()).isEqualTo(bytes);
  }

  @Test
  void aFailureOfTheSourceArrivesAfterTheBytesBeforeItAsTheSameException() throws IOException {
    IOException failure = new IOException("corrupt deflate stream");
    InputStream failing =
        new SequenceInputStream(
            new ByteArrayInputStream(random(CHUNK + 10)),
            new InputStream() {
              @Override
              public int read() throws IOException {
                throw failure;
              }
            });
    try (InputStream in = ReadAheadInputStream.start(failing)) {
      assertThat(in.readNBytes(CHUNK + 10)).hasSize(CHUNK + 10);
      assertThatThrownBy(in::read).isSameAs(failure);
      assertThatThrownBy(in::read)
          .as("and again on every later read, not a clean end")
          .isInstanceOf(IOException.class)
          .hasCause(failure);
    }
  }

  @Test
  void anUndeclaredCheckedExceptionOfTheSourceStillReachesTheCaller() throws IOException {
    Exception undeclared = new Exception("thrown by a decompressor that should not");
    InputStream sneaky =
        new InputStream() {
          @Override
          public int read() {
            throw ReadAheadInputStreamTest.<RuntimeException>sneaky(undeclared);
          }
        };
    try (InputStream in = ReadAheadInputStream.start(sneaky)) {
      assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasCause(undeclared);
    }
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E sneaky(Throwable t) throws E {
    throw (E) t;
  }

  @Test
  void closeStopsTheReaderBoundedAheadAndClosesTheSource() throws Exception {
    AtomicLong served = new AtomicLong();
    AtomicBoolean sourceClosed = new AtomicBoolean();
    InputStream endless =
        new InputStream() {
          @Override
          public int read() {
            served.incrementAndGet();
            return 1;
          }

          @Override
          public int read(byte[] b, int off, int len) {
            served.addAndGet(len);
            return len;
          }

          @Override
          public void close() {
            sourceClosed.set(true);
          }
        };
    ReadAheadInputStream in = ReadAheadInputStream.start(endless);
    assertThat(in.readNBytes(10)).hasSize(10);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (served.get() < (long) ReadAheadInputStream.CHUNKS_IN_FLIGHT * CHUNK
        && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    Thread.sleep(50);
    assertThat(served.get())
        .as("never more than the buffers ahead")
        .isLessThanOrEqualTo((long) ReadAheadInputStream.CHUNKS_IN_FLIGHT * CHUNK);

    in.close();

    assertThat(sourceClosed).as("closed by the reader before close returned").isTrue();
    long after = served.get();
    Thread.sleep(50);
    assertThat(served.get()).as("nothing read once closed").isEqualTo(after);
    assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasMessage("stream closed");
  }

  @Test
  void closeNeverInterruptsTheReaderInTheMiddleOfARead() throws Exception {
    CountDownLatch inRead = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    InputStream slow =
        new InputStream() {
          @Override
          public int read() {
            return 0;
          }

          @Override
          public int read(byte[] b, int off, int len) {
            inRead.countDown();
            try {
              Thread.sleep(200); // a blocking read, as on a socket or a file channel
            } catch (InterruptedException e) {
              interrupted.set(true); // an interrupt would close a file channel here
            }
            return len;
          }
        };
    ReadAheadInputStream in = ReadAheadInputStream.start(slow);
    assertThat(inRead.await(10, TimeUnit.SECONDS)).isTrue();

    in.close();

    assertThat(interrupted).isFalse();
  }

  @Test
  void anInterruptedCallerGetsInterruptedIoAndKeepsItsFlag() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    InputStream silent =
        new InputStream() {
          @Override
          public int read() throws IOException {
            try {
              never.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return -1;
          }
        };
    ReadAheadInputStream in = ReadAheadInputStream.start(silent);
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(in::read).isInstanceOf(InterruptedIOException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
      never.countDown();
      in.close();
    }
  }

  private static byte[] random(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }
}
