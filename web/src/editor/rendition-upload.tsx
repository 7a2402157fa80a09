import { useState } from 'preact/hooks';
import { progressLine, RateWindow } from '../../../cli/upload-format';
import type { Schemas } from '../api/client';
import { Field } from '../components/field';
import type { SavedUpload } from './upload';
import { notARendition, RENDITION_FILES, savedUpload, uploadRendition, videoTypeOf } from './upload';

type Video = Schemas['Video'];

interface Progress {
  sent: number;
  total: number;
  rate: number | undefined;
}

/** Without a part finishing, the speed and time left are still measured this often, so a stall shows. */
const TICK_MS = 1000;

/** Chooses a file and uploads it as one rendition of the video, with progress, speed and time left. */
export function RenditionUpload({ video, onUploaded }: { video: Video; onUploaded: (video: Video) => void }) {
  const id = `upload-${video.id}`;
  const [file, setFile] = useState<File>();
  const [rendition, setRendition] = useState('web');
  const [resumable, setResumable] = useState<SavedUpload>();
  const [progress, setProgress] = useState<Progress>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();

  const choose = (chosen: File | undefined) => {
    setFile(chosen);
    setError(chosen && !videoTypeOf(chosen) ? notARendition(chosen) : undefined);
    setDone(undefined);
    setProgress(undefined);
    const saved = chosen && savedUpload(chosen);
    // The same file chosen again after an interruption: it continues as the rendition its parts were sent for.
    const again = saved?.videoId === video.id ? saved : undefined;
    setResumable(again);
    if (again) setRendition(again.rendition);
  };

  const upload = async (event: Event) => {
    event.preventDefault();
    if (!file) return;
    setBusy(true);
    setError(undefined);
    const rates = new RateWindow();
    let latest: { sent: number; total: number } | undefined;
    const measure = () => {
      if (!latest) return;
      rates.add(performance.now(), latest.sent);
      setProgress({ ...latest, rate: rates.rate() });
    };
    const ticker = setInterval(measure, TICK_MS);
    try {
      const uploaded = await uploadRendition({
        file,
        videoId: video.id,
        rendition,
        onProgress: (sent, total) => {
          latest = { sent, total };
          measure();
        },
      });
      setResumable(undefined);
      setDone(`The ${rendition} rendition is uploaded.`);
      onUploaded(uploaded);
    } catch (failure) {
      setError(`${(failure as Error).message} The parts already sent are kept: choose the same file again to continue.`);
    } finally {
      clearInterval(ticker);
      setBusy(false);
    }
  };

  return (
    <form class="upload" onSubmit={upload} aria-label={`Upload a rendition of ${video.title}`}>
      <div class="field">
        <label for={`${id}-file`}>Video file</label>
        <input id={`${id}-file`} type="file" accept={RENDITION_FILES} disabled={busy} onChange={(event) => choose(event.currentTarget.files?.[0])} />
      </div>
      <Field id={`${id}-rendition`} label="Rendition name (such as broadcast or web)" required value={rendition} onInput={setRendition} />
      {resumable && (
        <p role="status">
          {Object.keys(resumable.parts).length} parts of this file were uploaded before: the upload continues from there.
        </p>
      )}
      <button type="submit" disabled={!file || busy || !videoTypeOf(file)}>
        {resumable ? 'Continue the upload' : 'Upload'}
      </button>
      {progress && (
        <div class="progress">
          <label for={`${id}-progress`}>Upload of {file?.name}</label>
          <progress id={`${id}-progress`} value={progress.sent} max={progress.total} />
          {/* Not a live region: read out every second it would drown the page; the end is announced below. */}
          <p>{progressLine(progress)}</p>
        </div>
      )}
      {error && <p class="error" role="alert">{error}</p>}
      {done && <p role="status">{done}</p>}
    </form>
  );
}
