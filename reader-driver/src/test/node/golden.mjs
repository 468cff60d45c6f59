// Golden vectors for the Java face engine, from the reference implementation.
//
// Runs @vladmandic/face-api 1.7.15 on the tfjs 4.22.0 pure-JavaScript CPU backend (no native code)
// over PNG images that the Java engine decoded itself, and prints JSON: for each image the pixel
// hash, the detector's boxes, and for each face the 68 landmarks and the 128-d descriptor together
// with the exact integer crops face-api fed to each network.
//
//   cd reader-driver/src/test/node && npm ci
//   (cd ../../.. && mvn -B -ntp -pl reader-driver test -Dtest=GoldenInputsWriter -Dface.goldenInputs=$PWD/target/golden-input)
//   node golden.mjs ../../../target/golden-input > ../resources/org/madoguchi/driver/face/engine/golden.json
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';

const require = createRequire(import.meta.url);
const tf = require('@tensorflow/tfjs');
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');

// Same list and order as GoldenInputsWriter.IMAGES.
const IMAGES = [
  'dlib/johns/John_Salley/000179_02159509.jpg',
  'dlib/johns/John_Simm/000300_00470148.jpg',
  'dlib/faces/Tom_Cruise_avp_2014_4.jpg',
  'dlib/faces/2008_002506.jpg',
  'face-api/sample1.jpg',
];
const MAX_FACES = 3;

const pngName = (name) => name.replaceAll('/', '_').replace('.jpg', '.png');
const arr = (typed) => Array.from(typed, (v) => Number(v));
const rect = (b) => ({ x: b.x, y: b.y, width: b.width, height: b.height });

function readRgb(file) {
  const png = PNG.sync.read(fs.readFileSync(file));
  const rgb = new Uint8Array(png.width * png.height * 3);
  for (let i = 0, j = 0; i < png.data.length; i += 4, j += 3) {
    rgb[j] = png.data[i]; rgb[j + 1] = png.data[i + 1]; rgb[j + 2] = png.data[i + 2];
  }
  return { width: png.width, height: png.height, rgb };
}

async function landmarksAndDescriptor(tensor, width, height, detBox) {
  const crop = detBox.clipAtImageBorders(width, height);
  const [face] = await faceapi.extractFaceTensors(tensor, [detBox]);
  const lm = await faceapi.nets.faceLandmark68Net.detectLandmarks(face);
  face.dispose();
  const shifted = lm.shiftBy(detBox.x, detBox.y); // as face-api's withFaceLandmarks() does
  const alignRect = shifted.align(null, { useDlibAlignment: true });
  const descCrop = alignRect.clipAtImageBorders(width, height);
  const [chip] = await faceapi.extractFaceTensors(tensor, [alignRect]);
  const descriptor = await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(chip);
  chip.dispose();
  return {
    landmarkCrop: rect(crop),
    landmarksRelative: lm.relativePositions.flatMap((p) => [p.x, p.y]),
    landmarks: shifted.positions.flatMap((p) => [p.x, p.y]),
    descriptorCrop: rect(descCrop),
    descriptor: arr(descriptor),
  };
}

async function main() {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: node golden.mjs <folder of PNGs written by GoldenInputsWriter>');
  await tf.setBackend('cpu');
  await tf.ready();
  const modelDir = path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
  await faceapi.nets.tinyFaceDetector.loadFromDisk(modelDir);
  await faceapi.nets.faceLandmark68Net.loadFromDisk(modelDir);
  await faceapi.nets.faceRecognitionNet.loadFromDisk(modelDir);
  const options = new faceapi.TinyFaceDetectorOptions({ inputSize: 416, scoreThreshold: 0.5 });
  const images = [];
  for (const name of IMAGES) {
    const { width, height, rgb } = readRgb(path.join(dir, pngName(name)));
    const tensor = tf.tensor3d(rgb, [height, width, 3], 'int32');
    const detections = await faceapi.nets.tinyFaceDetector.locateFaces(tensor, options);
    const faces = [];
    for (const det of detections.slice(0, MAX_FACES)) {
      faces.push(await landmarksAndDescriptor(tensor, width, height, det.box));
    }
    // The networks on the whole image as one crop (the johns are already aligned 150×150 faces).
    const [whole] = await faceapi.extractFaceTensors(tensor, [new faceapi.Rect(0, 0, width, height)]);
    const wholeLm = await faceapi.nets.faceLandmark68Net.detectLandmarks(whole);
    const wholeDesc = await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(whole);
    whole.dispose();
    tensor.dispose();
    images.push({
      name,
      width,
      height,
      rgbSha256: createHash('sha256').update(rgb).digest('hex'),
      detections: detections.map((d) => ({ ...rect(d.box), score: d.score })),
      faces,
      whole: { landmarksRelative: wholeLm.relativePositions.flatMap((p) => [p.x, p.y]), descriptor: arr(wholeDesc) },
    });
  }
  const out = {
    generator: 'reader-driver/src/test/node/golden.mjs',
    faceApi: faceapi.version,
    tfjs: tf.version.tfjs,
    backend: tf.getBackend(),
    detector: { inputSize: 416, scoreThreshold: 0.5 },
    images,
  };
  // float32 values need 9 significant digits to round-trip; one image per line keeps diffs readable
  const num = (k, v) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(9)) : v);
  const lines = out.images.map((im) => JSON.stringify(im, num));
  const head = JSON.stringify({ ...out, images: [] }, num).replace(/"images":\[\]}$/, '');
  process.stdout.write(`${head}"images":[\n${lines.join(',\n')}\n]}\n`);
}

main().catch((e) => { console.error(e); process.exit(1); });
