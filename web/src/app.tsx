import { lazy, LocationProvider, Route, Router, useLocation } from 'preact-iso';
import { AccountDeleted } from './pages/account-deleted';
import { ArticlePage } from './pages/article';
import { ForgotPassword } from './pages/forgot-password';
import { NewPassword, PasswordUpdated } from './pages/new-password';
import { News } from './pages/news';
import { Register } from './pages/register';
import { SignIn } from './pages/sign-in';
import { Verify } from './pages/verify';
import { Welcome } from './pages/welcome';
import { session, useSignedIn } from './session';
import { signOut } from './sign-in';

// The editors' pages and the account page load when first opened, so the first page of a visit does not carry them.
const Account = lazy(() => import('./account/account-page').then((module) => module.Account));
const EditorHome = lazy(() => import('./editor/editor-home').then((module) => module.EditorHome));
const NewArticle = lazy(() => import('./editor/editor-home').then((module) => module.NewArticle));
const ArticleEditor = lazy(() => import('./editor/article-editor').then((module) => module.ArticleEditor));
const Campaigns = lazy(() => import('./editor/campaigns').then((module) => module.Campaigns));
const CampaignPage = lazy(() => import('./editor/campaigns').then((module) => module.CampaignPage));

function Header() {
  const signedIn = useSignedIn();
  const { url, route } = useLocation();
  return (
    <header>
      <a class="brand" href="/">
        Pressroom
      </a>
      <nav aria-label="Account">
        {/* From the token's groups, only to choose the link: the editor routes check the token themselves. */}
        {signedIn && session.isEditor() && <a href="/editor">Editor</a>}{' '}
        {signedIn ? (
          <>
            <a href="/account">My account</a>{' '}
            <button type="button" class="link" onClick={() => void signOut().then(() => route('/'))}>
              Sign out
            </button>
          </>
        ) : (
          <>
            <a href={`/sign-in?returnTo=${encodeURIComponent(url)}`}>Sign in</a> <a href="/register">Create an account</a>
          </>
        )}
      </nav>
    </header>
  );
}

function NotFound() {
  return (
    <main>
      <h1>This page does not exist</h1>
      <a href="/">Go to the news</a>
    </main>
  );
}

export function App() {
  return (
    <LocationProvider>
      <Header />
      <Router>
        <Route path="/" component={News} />
        <Route path="/articles/:slug" component={ArticlePage} />
        <Route path="/register" component={Register} />
        <Route path="/verify" component={Verify} />
        <Route path="/welcome" component={Welcome} />
        <Route path="/sign-in" component={SignIn} />
        <Route path="/forgot-password" component={ForgotPassword} />
        <Route path="/new-password" component={NewPassword} />
        <Route path="/password-updated" component={PasswordUpdated} />
        <Route path="/account" component={Account} />
        <Route path="/account-deleted" component={AccountDeleted} />
        <Route path="/editor" component={EditorHome} />
        <Route path="/editor/new" component={NewArticle} />
        <Route path="/editor/articles/:id" component={ArticleEditor} />
        <Route path="/editor/campaigns" component={Campaigns} />
        <Route path="/editor/campaigns/:id" component={CampaignPage} />
        <Route default component={NotFound} />
      </Router>
    </LocationProvider>
  );
}
