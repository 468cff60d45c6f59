package org.madoguchi.simulator.cardfront;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.madoguchi.simulator.cardfront.CardFrontLayout.Box;
import org.madoguchi.simulator.cardfront.CardFrontLayout.Text;

/**
 * Draws the front of a simulated マイナンバーカード with Java2D (layout: {@link CardFrontLayout}; font:
 * Noto Sans CJK JP from Debian's fonts-noto-cjk). The portrait is a drawn figure, not a photograph of
 * anyone, and the card says 見本 / TEST DATA twice. Only the front exists: no 個人番号 is ever drawn.
 */
public final class CardFrontRenderer {
    /** The font family the card is printed in; Debian package fonts-noto-cjk. */
    public static final String FONT_FAMILY = "Noto Sans CJK JP";

    private final Font base;

    private CardFrontRenderer(Font base) {
        this.base = base;
    }

    /** A renderer, or {@link IllegalStateException} naming the missing font package. */
    public static CardFrontRenderer create() {
        boolean present = Arrays.asList(GraphicsEnvironment.getLocalGraphicsEnvironment()
                .getAvailableFontFamilyNames()).contains(FONT_FAMILY);
        if (!present) {
            throw new IllegalStateException("フォント " + FONT_FAMILY + " がありません (apt-get install fonts-noto-cjk) / font "
                    + FONT_FAMILY + " is missing (apt-get install fonts-noto-cjk)");
        }
        return new CardFrontRenderer(new Font(FONT_FAMILY, Font.PLAIN, 12));
    }

    /** Whether the font is installed (tests skip with a reason where it is not). */
    public static boolean fontAvailable() {
        return Arrays.asList(GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames())
                .contains(FONT_FAMILY);
    }

    /**
     * The card front at {@code pxPerMm} pixels per millimetre (10 gives 856 × 540), RGB; the corners
     * outside the rounded card are transparent black in the alpha channel (ARGB image).
     */
    public BufferedImage render(CardFront card, double pxPerMm, long seed) {
        int w = (int) Math.round(CardFrontLayout.WIDTH_MM * pxPerMm);
        int h = (int) Math.round(CardFrontLayout.HEIGHT_MM * pxPerMm);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.scale(pxPerMm, pxPerMm);
            double r = 3.18; // ID-1 corner radius
            RoundRectangle2D outline = new RoundRectangle2D.Double(0, 0, CardFrontLayout.WIDTH_MM,
                    CardFrontLayout.HEIGHT_MM, 2 * r, 2 * r);
            g.setClip(outline);
            g.setColor(new Color(250, 246, 244));
            g.fill(outline);
            guilloche(g, new SplittableRandom(seed));
            drawFields(g, card);
            portrait(g, CardFrontLayout.PHOTO, new SplittableRandom(seed ^ 0x5DEECE66DL));
        } finally {
            g.dispose();
        }
        return img;
    }

    private void guilloche(Graphics2D g, SplittableRandom r) {
        g.setStroke(new BasicStroke(0.08f));
        double phase = r.nextDouble() * Math.PI;
        for (int k = 0; k < 26; k++) {
            g.setColor(k % 2 == 0 ? new Color(236, 214, 222) : new Color(214, 226, 238));
            Path2D.Double p = new Path2D.Double();
            for (double x = 0; x <= CardFrontLayout.WIDTH_MM; x += 0.5) {
                double y = 2 + k * 2.0 + 1.3 * Math.sin(x / 6.0 + phase + k * 0.7) + 0.6 * Math.sin(x / 2.3 + k);
                if (x == 0) {
                    p.moveTo(x, y);
                } else {
                    p.lineTo(x, y);
                }
            }
            g.draw(p);
        }
    }

    private void drawFields(Graphics2D g, CardFront card) {
        Color ink = new Color(28, 28, 32);
        Color label = new Color(90, 90, 100);
        text(g, "氏名", CardFrontLayout.NAME_LABEL, label);
        text(g, card.name(), CardFrontLayout.NAME, ink);
        text(g, "住所", CardFrontLayout.ADDRESS_LABEL, label);
        List<String> lines = wrap(g, card.address(), CardFrontLayout.ADDRESS.size(), CardFrontLayout.ADDRESS_WIDTH_MM);
        for (int i = 0; i < Math.min(2, lines.size()); i++) {
            Text t = CardFrontLayout.ADDRESS;
            text(g, lines.get(i), new Text(t.x(), t.baseline() + i * CardFrontLayout.ADDRESS_LINE_MM, t.size()), ink);
        }
        text(g, card.birthLine(), CardFrontLayout.BIRTH, ink);
        text(g, card.sexLine(), CardFrontLayout.SEX, ink);
        Box e = CardFrontLayout.EXPIRY_BOX;
        g.setColor(new Color(226, 236, 246));
        g.fill(new Rectangle2D.Double(e.x(), e.y(), e.w(), e.h()));
        text(g, card.expiryLine(), CardFrontLayout.EXPIRY, ink);
        Box c = CardFrontLayout.CERT_BOX;
        g.setColor(label);
        g.setStroke(new BasicStroke(0.12f));
        g.draw(new Rectangle2D.Double(c.x(), c.y(), c.w(), c.h()));
        text(g, "電子証明書の有効期限の確認欄", new Text(c.x() + 0.8, c.y() + 2.2, 1.6), label);
        for (int i = 0; i < 2; i++) {
            text(g, "年　　月　　日", new Text(c.x() + 12, c.y() + 5.0 + i * 2.9, 1.5), label);
        }
        text(g, "個人番号カード", CardFrontLayout.TITLE, new Color(150, 40, 70));
        text(g, "見本 TEST DATA", new Text(29, 51.2, 2.0), new Color(200, 30, 30));
        Text s = CardFrontLayout.SECURITY_CODE;
        Font f = base.deriveFont((float) s.size());
        double width = f.getStringBounds(card.securityCode(), g.getFontRenderContext()).getWidth();
        text(g, card.securityCode(), new Text(s.x() - width / 2, s.baseline(), s.size()), ink);
        text(g, "見本", new Text(74.5, 51.2, 2.0), new Color(200, 30, 30));
    }

    private void text(Graphics2D g, String s, Text t, Color c) {
        g.setFont(base.deriveFont((float) t.size()));
        g.setColor(c);
        g.drawString(s, (float) t.x(), (float) t.baseline());
    }

    private List<String> wrap(Graphics2D g, String s, double size, double width) {
        Font f = base.deriveFont((float) size);
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= s.length(); i++) {
            if (f.getStringBounds(s.substring(start, i), g.getFontRenderContext()).getWidth() > width) {
                out.add(s.substring(start, i - 1));
                start = i - 1;
            }
        }
        out.add(s.substring(start));
        return out;
    }

    /** A drawn head and shoulders on a pale background: no one's likeness. */
    private static void portrait(Graphics2D g, Box b, SplittableRandom r) {
        java.awt.Shape clip = g.getClip();
        g.clip(new Rectangle2D.Double(b.x(), b.y(), b.w(), b.h()));
        g.setColor(new Color(205, 220, 235));
        g.fill(new Rectangle2D.Double(b.x(), b.y(), b.w(), b.h()));
        double cx = b.x() + b.w() / 2 + (r.nextDouble() - 0.5) * 1.5;
        int tone = 170 + r.nextInt(60);
        g.setColor(new Color(40 + r.nextInt(60), 40 + r.nextInt(40), 60 + r.nextInt(60)));
        g.fill(new Ellipse2D.Double(cx - 10.5, b.y() + 20.5, 21, 16));
        g.setColor(new Color(tone, tone - 35, tone - 60));
        g.fill(new Rectangle2D.Double(cx - 2.5, b.y() + 16, 5, 6));
        g.fill(new Ellipse2D.Double(cx - 6, b.y() + 4.5, 12, 14.5));
        int hair = 20 + r.nextInt(70);
        g.setColor(new Color(hair, hair - 10 < 0 ? 0 : hair - 10, hair / 2));
        g.fill(new Ellipse2D.Double(cx - 6.6, b.y() + 3.2, 13.2, 7.5 + r.nextDouble() * 2));
        g.setColor(new Color(35, 30, 30));
        g.fill(new Ellipse2D.Double(cx - 3.6, b.y() + 11.2, 1.6, 1.0));
        g.fill(new Ellipse2D.Double(cx + 2.0, b.y() + 11.2, 1.6, 1.0));
        g.setColor(new Color(150, 70, 70));
        g.fill(new Ellipse2D.Double(cx - 1.8, b.y() + 15.6, 3.6, 0.9));
        g.setClip(clip);
    }
}
