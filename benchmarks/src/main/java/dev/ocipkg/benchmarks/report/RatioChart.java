package dev.ocipkg.benchmarks.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws {@code chart.png}: one horizontal bar per measured row, its length the median ratio on a
 * logarithmic axis, a whisker from min to max, a black tick at the target and a dashed line at 1.0
 * (parity with the baseline). Green rows met their target, red ones missed it, grey ones have none.
 * Needs only {@code java.awt} in headless mode.
 */
public final class RatioChart {
  private static final int WIDTH = 1100;
  private static final int LABEL_WIDTH = 440;
  private static final int RIGHT_MARGIN = 90;
  private static final int TOP = 50;
  private static final int ROW_HEIGHT = 34;
  private static final int BOTTOM = 50;
  private static final Color MET = new Color(0x3c, 0x9a, 0x5f);
  private static final Color MISSED = new Color(0xc9, 0x43, 0x3a);
  private static final Color NEUTRAL = new Color(0x88, 0x88, 0x88);

  private RatioChart() {}

  public static void write(Path png, String title, List<ResultRow> rows) throws IOException {
    List<ResultRow> measured = rows.stream().filter(r -> r.ratio() != null).toList();
    int height = TOP + ROW_HEIGHT * Math.max(measured.size(), 1) + BOTTOM;
    BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, height);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
      g.drawString(title, 12, 24);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      Axis axis = Axis.covering(measured);
      drawGrid(g, axis, height);
      int y = TOP;
      for (ResultRow row : measured) {
        drawRow(g, axis, row, y);
        y += ROW_HEIGHT;
      }
    } finally {
      g.dispose();
    }
    ImageIO.write(image, "png", png.toFile());
  }

  private static void drawGrid(Graphics2D g, Axis axis, int height) {
    int bottom = height - BOTTOM;
    FontMetrics metrics = g.getFontMetrics();
    for (double tick : axis.ticks()) {
      int x = axis.x(tick);
      g.setColor(new Color(0xe4, 0xe4, 0xe4));
      g.drawLine(x, TOP - 6, x, bottom);
      g.setColor(Color.DARK_GRAY);
      String label = formatTick(tick) + "x";
      g.drawString(label, x - metrics.stringWidth(label) / 2, bottom + 16);
    }
    int parity = axis.x(1.0);
    g.setColor(Color.GRAY);
    g.setStroke(
        new BasicStroke(
            1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {5, 4}, 0));
    g.drawLine(parity, TOP - 6, parity, bottom);
    g.setStroke(new BasicStroke(1f));
    g.setColor(Color.DARK_GRAY);
    g.drawString(
        "time ratio ocipkg / baseline, log scale, lower is better; | target;"
            + " green met, red missed, grey no target",
        LABEL_WIDTH - 200,
        bottom + 36);
  }

  private static void drawRow(Graphics2D g, Axis axis, ResultRow row, int y) {
    Spread ratio = row.ratio();
    FontMetrics metrics = g.getFontMetrics();
    g.setColor(Color.BLACK);
    String label = fit(row.id() + "  " + plain(row.measure()), metrics, LABEL_WIDTH - 20);
    g.drawString(label, 10, y + ROW_HEIGHT / 2 + 4);
    Color color =
        row.verdict() == Verdict.MET ? MET : row.verdict() == Verdict.MISSED ? MISSED : NEUTRAL;
    int left = axis.x(axis.low);
    int end = axis.x(ratio.median());
    g.setColor(color);
    g.fillRect(left, y + 8, Math.max(end - left, 1), ROW_HEIGHT - 16);
    g.setColor(Color.BLACK);
    int whiskerY = y + ROW_HEIGHT / 2;
    g.drawLine(axis.x(ratio.min()), whiskerY, axis.x(ratio.max()), whiskerY);
    g.drawLine(axis.x(ratio.min()), whiskerY - 4, axis.x(ratio.min()), whiskerY + 4);
    g.drawLine(axis.x(ratio.max()), whiskerY - 4, axis.x(ratio.max()), whiskerY + 4);
    if (!Double.isNaN(row.targetRatio())) {
      int t = axis.x(row.targetRatio());
      g.setStroke(new BasicStroke(3f));
      g.drawLine(t, y + 3, t, y + ROW_HEIGHT - 3);
      g.setStroke(new BasicStroke(1f));
    }
    g.drawString(
        String.format(Locale.ROOT, "%.2fx", ratio.median()),
        Math.max(end, axis.x(ratio.max())) + 6,
        whiskerY + 4);
  }

  /** Markdown out of a label: no backticks or asterisks in the picture. */
  private static String plain(String markdown) {
    return markdown.replace("`", "").replace("*", "");
  }

  private static String fit(String text, FontMetrics metrics, int width) {
    if (metrics.stringWidth(text) <= width) {
      return text;
    }
    String shortened = text;
    while (shortened.length() > 4 && metrics.stringWidth(shortened + "…") > width) {
      shortened = shortened.substring(0, shortened.length() - 1);
    }
    return shortened + "…";
  }

  private static String formatTick(double tick) {
    return tick >= 1 && tick == Math.rint(tick)
        ? String.valueOf((long) tick)
        : String.format(Locale.ROOT, "%.2g", tick);
  }

  /** A logarithmic x axis over the bars, whiskers and targets. */
  private static final class Axis {
    private static final double[] NICE = {0.05, 0.1, 0.2, 0.5, 1, 1.5, 2, 3, 5, 10, 20, 50, 100};
    final double low;
    final double high;

    private Axis(double low, double high) {
      this.low = low;
      this.high = high;
    }

    static Axis covering(List<ResultRow> rows) {
      double low = 0.8;
      double high = 1.25;
      for (ResultRow row : rows) {
        low = Math.min(low, row.ratio().min());
        high = Math.max(high, row.ratio().max());
        if (!Double.isNaN(row.targetRatio())) {
          low = Math.min(low, row.targetRatio());
          high = Math.max(high, row.targetRatio());
        }
      }
      return new Axis(low / 1.15, high * 1.15);
    }

    int x(double value) {
      double clamped = Math.max(low, Math.min(high, value));
      double fraction = Math.log(clamped / low) / Math.log(high / low);
      return LABEL_WIDTH + (int) Math.round(fraction * (WIDTH - LABEL_WIDTH - RIGHT_MARGIN));
    }

    List<Double> ticks() {
      return Arrays.stream(NICE).filter(t -> t >= low && t <= high).boxed().toList();
    }
  }
}
