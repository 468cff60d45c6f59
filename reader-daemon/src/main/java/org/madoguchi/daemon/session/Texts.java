package org.madoguchi.daemon.session;

import java.util.Locale;


/** Every sentence a session says to people, in Japanese and English. */
public final class Texts {
    private Texts() {
    }

    private static Text both(String ja, String en) {
        return new Text(ja, en);
    }

    /** The municipal-window sentence, shared by the PIN-blocked notice and result. */
    public static final Text MUNICIPAL_WINDOW = both(
            "暗証番号がロックされています。お住まいの市区町村の窓口で暗証番号の再設定を受けてください"
                    + "(顔認証や目視確認では解除されません)",
            "The PIN is locked. Please have it reset at the municipal office (市区町村の窓口) where you are "
                    + "registered; face verification and staff confirmation do not unlock it");

    static Text notice(Notice notice, int faceAttempts, int faceMax, boolean noFace) {
        return switch (notice) {
            case PIN_LAST_TRY -> both("暗証番号の残りは1回です。次に間違えるとロックされます。確認してから入力してください",
                    "One PIN try left: a wrong PIN now locks it. Please confirm before entering it");
            case PIN_BLOCKED -> MUNICIPAL_WINDOW;
            case PIN_UNUSABLE -> both("このカードでは暗証番号を使えません(顔認証マイナンバーカードなど)",
                    "This card has no usable PIN (e.g. a face-authentication My Number card)");
            case FACE_MISMATCH -> noFace
                    ? both(String.format(Locale.ROOT, "顔を確認できませんでした。カメラの方を向いてください(%d/%d回)",
                            faceAttempts, faceMax), String.format(Locale.ROOT,
                            "No face was found; please look at the camera (attempt %d of %d)", faceAttempts, faceMax))
                    : both(String.format(Locale.ROOT, "顔が一致しませんでした(%d/%d回)", faceAttempts, faceMax),
                            String.format(Locale.ROOT, "The face did not match (attempt %d of %d)", faceAttempts,
                                    faceMax));
            case FACE_NOT_LIVE -> both(String.format(Locale.ROOT, "本人の動きを確認できませんでした。カメラを見て、"
                    + "まばたきをしてください(%d/%d回)", faceAttempts, faceMax), String.format(Locale.ROOT,
                    "We could not see that you are there in person; please look at the camera and blink "
                            + "(attempt %d of %d)", faceAttempts, faceMax));
            case FACE_UNAVAILABLE -> both("顔認証を利用できません", "Face verification is not available");
            case CARD_FRONT_UNREADABLE -> both("カードの表面を読み取れませんでした。もう一度カメラに向けてください",
                    "The front of the card could not be read; please hold it up to the camera again");
            case CARD_ERROR -> both("カードとの通信が途切れたため、暗証番号の照合結果が分かりません。残り回数をカードから読み直しました",
                    "The connection dropped during the PIN check, so its outcome is unknown; the tries left were "
                            + "read again from the card");
        };
    }

    static Text wrongPin(int triesLeft) {
        if (triesLeft == PinCounter.UNKNOWN) {
            return both("暗証番号が違います", "Wrong PIN");
        }
        return both(String.format(Locale.ROOT, "暗証番号が違います。残り%d回です", triesLeft),
                String.format(Locale.ROOT, "Wrong PIN; %d %s left", triesLeft, triesLeft == 1 ? "try" : "tries"));
    }

    static Text visualRequested() {
        return both("職員による目視確認を待っています", "Waiting for staff to confirm visually (目視確認)");
    }

    /** The sentence for a result's reason. */
    public static Text reason(Reason reason) {
        return switch (reason) {
            case CARD_REMOVED -> both("カードが取り外されました", "The card was removed");
            case READER_REMOVED -> both("読み取り機が取り外されました", "The reader was disconnected");
            case SERVICE_UNAVAILABLE -> both("カード読み取りサービス(PC/SC)が停止しました。職員にお声がけください",
                    "The card reader service (PC/SC) stopped; please ask the staff");
            case NOT_MY_NUMBER_CARD -> both("マイナンバーカードではありません", "This is not a My Number card");
            case UNSUPPORTED_TOKEN -> both("このカード・スマートフォンはここでは確認できません。マイナンバーカードをお使いください",
                    "This card or phone cannot be verified here; please use a My Number card");
            case CANCELLED -> both("職員が中止しました", "Cancelled by staff");
            case TIMEOUT -> both("カードの応答がありませんでした。カードを置き直してください",
                    "The card did not answer in time; please place it again");
            case CARD_ERROR -> both("カードを読み取れませんでした。カードを置き直してください",
                    "The card could not be read; please place it again");
        };
    }

    static Text goneDuringVerify() {
        return both("暗証番号の照合中にカードが離れました。照合が回数に数えられたかどうか分からないため、残り回数が1回減っている"
                + "ことがあります。もう一度カードを置いてください",
                "The card left during the PIN check; it may or may not have counted as a try, so one try may be gone."
                        + " Please place the card again");
    }

    /** At the next session of a card whose last VERIFY's outcome was unknown. */
    static Text afterUnknownVerify() {
        return both("前回、暗証番号の照合中にカードが離れました。残り回数はいまカードから読んだ値です",
                "Last time the card left during the PIN check; the tries left shown were just read from the card");
    }

    static Text lapsed() {
        return both("利用者証明用電子証明書の有効期限が切れて3か月を過ぎています。市区町村の窓口で更新してください",
                "The card's authentication certificate expired more than 3 months ago; please renew it at the "
                        + "municipal office");
    }

    static Text untrusted() {
        return both("正規のマイナンバーカードの証明書ではありません", "The card's certificate is not from a trusted issuer");
    }

    static Text busy() {
        return both("処理中です。終わるまでお待ちください", "A step is running; wait for it to finish");
    }

    static Text ended() {
        return both("この確認はすでに終了しています", "This session has already ended");
    }

    static Text notNow(String command, SessionState state) {
        return both("いまは " + command + " を受け付けられません(状態: " + state.code() + ")",
                command + " is not accepted in state " + state.code());
    }

    static Text notOffered(Mode mode) {
        return mode == Mode.FACE
                ? both("このカードでは顔認証を利用できません(face_unavailable)",
                        "Face verification is not offered for this card (face_unavailable)")
                : both("このカードでは暗証番号を利用できません", "PIN verification is not offered for this card");
    }

    static Text confirmFirst() {
        return both("残り1回です。先に confirmLastTry で確認してください",
                "One try left: send confirmLastTry before submitPin");
    }

    static Text consentAsk() {
        return both("本人確認ができました。情報の提供に同意するかお答えください",
                "Verified. Please answer whether you consent to sharing your information");
    }

    static Text waitingForConsent() {
        return both("本人確認は終わっています。同意の回答(submitConsent)か中止(cancel)を待っています",
                "Already verified: waiting for the consent answers (submitConsent) or cancel");
    }

    static Text consentItems(java.util.List<ConsentItem> items) {
        String names = items.stream().map(ConsentItem::code).reduce((a, b) -> a + ", " + b).orElse("");
        return items.isEmpty()
                ? both("同意の確認は設定されていません(consent.items が空です)",
                        "Consent is turned off (consent.items is empty)")
                : both("「answers」にはすべての項目(" + names + ")を一度ずつ、true か false で答えてください",
                        "Field 'answers' must answer every item (" + names + ") with true or false, and no other");
    }

    static Text cardCodeAsk() {
        return both("職員が照合番号を入力します。そのままお待ちください",
                "A member of staff will enter the card's verification number (照合番号B); please wait");
    }

    static Text wrongCardCode(int triesLeft) {
        if (triesLeft == PinCounter.UNKNOWN) {
            return both("照合番号がカードと合いませんでした。券面を確かめて入力し直してください",
                    "The card did not accept the verification number; check the card face and enter it again");
        }
        return both(String.format(Locale.ROOT, "照合番号がカードと合いませんでした。残り%d回です。券面を確かめて入力し直してください",
                triesLeft), String.format(Locale.ROOT, "The card did not accept the verification number; %d %s left."
                        + " Check the card face and enter it again", triesLeft, triesLeft == 1 ? "try" : "tries"));
    }

    static Text cardFrontAsk() {
        return both("カードの表面(顔写真のある面)をカメラに向けてください",
                "Hold the front of your card (the side with your photo) up to the camera");
    }

    /**
     * A photograph of the card front was not read: what the patient can do about it (the reader's own
     * sentence is for staff; its reason code is in {@code cardCode.refusal}).
     */
    static Text cardFrontUnreadable(SessionEvent.Refusal refusal) {
        return switch (refusal.code()) {
            case "card_not_found" -> both("カードが見えません。カード全体が枠に入るように、ゆっくり向けてください",
                    "We cannot see the card. Please hold it so that the whole card is inside the frame");
            case "unreadable", "inconsistent", "invalid_date" -> both(
                    "文字がはっきり読めませんでした。光が映り込まないよう少し傾けて、動かさないでください",
                    "The text could not be read clearly. Tilt the card a little to avoid reflections and keep it still");
            default -> both("カメラの画像を読めませんでした。もう一度カードを向けてください",
                    "The camera image could not be used. Please hold the card up again");
        };
    }

    static Text cardReturnAsk() {
        return both("カードをカードリーダーに戻してください", "Please put your card back on the card reader");
    }

    static Text cardFrontGaveUpReturn() {
        return both("カードの表面を読み取れませんでした。カードをカードリーダーに戻してください。職員が照合番号を入力します",
                "The front of the card could not be read. Please put your card back on the card reader; a member of "
                        + "staff will enter the card's verification number (照合番号B)");
    }

    static Text cardAway() {
        return both("カードがカードリーダーにありません。カードを戻してからもう一度操作してください",
                "The card is not on the card reader; put it back first, then try again");
    }

    static Text cardFrontGaveUp() {
        return both("カードの表面を読み取れませんでした。職員が照合番号を入力します。そのままお待ちください",
                "The front of the card could not be read; a member of staff will enter the card's verification "
                        + "number (照合番号B); please wait");
    }

    /** The card refused a code read off its front: the camera path ends, staff type it. */
    static Text cardFrontCodeRefused(int triesLeft) {
        String ja = "カードの表面から読み取った照合番号をカードが受け付けませんでした";
        String en = "The card did not accept the verification number read from its front";
        if (triesLeft != PinCounter.UNKNOWN) {
            ja += String.format(Locale.ROOT, "(残り%d回)", triesLeft);
            en += String.format(Locale.ROOT, " (%d %s left)", triesLeft, triesLeft == 1 ? "try" : "tries");
        }
        return both(ja + "。職員が券面を確かめて入力します", en + "; a member of staff will check the card and enter it");
    }

    static Text cardFrontTooSoon() {
        return both("カードの表面の画像は1秒に1枚までです", "At most one photograph of the card front per second");
    }

    static Text cardFrontOff() {
        return both("このセッションではカードの表面を読み取りません(職員が照合番号を入力します)",
                "The card front is not read in this session (staff enter the verification number)");
    }

    static Text cardCodeBlocked() {
        return both("照合番号Bの入力回数の上限に達したため、このカードでは顔認証を使えません。市区町村の窓口で解除を受けてください",
                "The card's verification number (照合番号B) is locked after too many wrong entries, so face "
                        + "verification cannot be used with this card; it is reset at the municipal office");
    }

    static Text nothingToRetry() {
        return both("やり直す顔認証がありません", "There is no face attempt to retry");
    }
}
