package org.madoguchi.driver.face.ocr;

import com.sun.jna.Library;
import com.sun.jna.Pointer;

/**
 * The few functions of Tesseract's stable C API ({@code tesseract/capi.h}, the same in 4.x and 5.x)
 * that the card-front reader uses, bound with the project's own JNA.
 */
interface TessApi extends Library {
    int PSM_SINGLE_LINE = 7;
    int RIL_SYMBOL = 4;

    String TessVersion();

    Pointer TessBaseAPICreate();

    int TessBaseAPIInit3(Pointer handle, String datapath, String language);

    void TessBaseAPISetPageSegMode(Pointer handle, int mode);

    int TessBaseAPISetVariable(Pointer handle, String name, String value);

    void TessBaseAPISetImage(Pointer handle, Pointer data, int width, int height, int bytesPerPixel, int bytesPerLine);

    int TessBaseAPIRecognize(Pointer handle, Pointer monitor);

    Pointer TessBaseAPIGetIterator(Pointer handle);

    Pointer TessResultIteratorGetUTF8Text(Pointer iterator, int level);

    float TessResultIteratorConfidence(Pointer iterator, int level);

    int TessResultIteratorNext(Pointer iterator, int level);

    void TessResultIteratorDelete(Pointer iterator);

    void TessDeleteText(Pointer text);

    void TessBaseAPIClear(Pointer handle);

    void TessBaseAPIEnd(Pointer handle);

    void TessBaseAPIDelete(Pointer handle);
}
