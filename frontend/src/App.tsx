import { lazy } from 'react';
import { Route, Routes } from 'react-router';
import { Layout } from './components/Layout';

// Each screen is its own chunk: a first visit loads only the screen it opens.
const Home = lazy(() => import('./routes/Home'));
const ClaimPage = lazy(() => import('./routes/ClaimPage'));
const ActorPage = lazy(() => import('./routes/ActorPage'));
const NotFound = lazy(() => import('./routes/NotFound'));
const Search = lazy(() => import('./routes/Search'));
const LogIn = lazy(() => import('./routes/account/LogIn'));
const SignUp = lazy(() => import('./routes/account/SignUp'));
const Settings = lazy(() => import('./routes/account/Settings'));
const Submissions = lazy(() => import('./routes/account/Submissions'));
const AddEvidence = lazy(() => import('./routes/journalist/EvidenceForm').then((m) => ({ default: m.AddEvidencePage })));
const ReviseEvidence = lazy(() => import('./routes/journalist/EvidenceForm').then((m) => ({ default: m.ReviseEvidencePage })));
const ImportPost = lazy(() => import('./routes/journalist/ImportPost'));
const ReviewForm = lazy(() => import('./routes/editor/ReviewForm'));
const Queue = lazy(() => import('./routes/editor/Queue'));
const Users = lazy(() => import('./routes/admin/Users'));
const Audit = lazy(() => import('./routes/admin/Audit'));

export function AppRoutes() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<Home />} />
        <Route path="search" element={<Search />} />
        <Route path="claims/:id" element={<ClaimPage />} />
        <Route path="claims/:id/evidence/new" element={<AddEvidence />} />
        <Route path="claims/:id/evidence/:evidenceId/revise" element={<ReviseEvidence />} />
        <Route path="claims/:id/import" element={<ImportPost />} />
        <Route path="claims/:id/review" element={<ReviewForm />} />
        <Route path="actors/:id" element={<ActorPage />} />
        <Route path="account/login" element={<LogIn />} />
        <Route path="account/signup" element={<SignUp />} />
        <Route path="account/settings" element={<Settings />} />
        <Route path="account/submissions" element={<Submissions />} />
        <Route path="editor/queue" element={<Queue />} />
        <Route path="admin/users" element={<Users />} />
        <Route path="admin/audit" element={<Audit />} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
